//! Registration, token refresh and deregistration against `api.amazon.<tld>`.

use aural_core::Sensitive;
use aural_http::{HttpError, Method, RetryPolicy};
use tokio_util::sync::CancellationToken;

use super::{AudibleClient, Body};
use crate::device::DeviceProfile;
use crate::error::AudibleError;
use crate::maplanding::AuthorizationCode;
use crate::register::{
    deregister_body, parse_refresh_answer, parse_register_answer, refresh_form, register_body,
};
use crate::signin::SignIn;
use crate::tokens::{AccessToken, AccountTokens};

impl AudibleClient {
    /// `x-amzn-identity-auth-domain`: the real Amazon host, also when the base URL is overridden.
    fn auth_domain(&self) -> String {
        format!("api.amazon.{}", self.marketplace.tld())
    }

    /// Exchanges a finished sign-in for the device's tokens. Sent once: an authorization code
    /// is single-use, so a retry could only fail.
    #[tracing::instrument(skip_all, fields(marketplace = %self.marketplace, profile = %sign_in.profile))]
    pub async fn register(
        &self,
        sign_in: &SignIn,
        code: &AuthorizationCode,
        cancel: &CancellationToken,
    ) -> Result<AccountTokens, AudibleError> {
        let body =
            serde_json::to_vec(&register_body(sign_in, code)).expect("a JSON value serialises");
        let domain = self.auth_domain();
        let mut headers = vec![
            ("x-amzn-identity-auth-domain", domain.as_str()),
            ("User-Agent", sign_in.profile.app().webview_user_agent),
        ];
        if sign_in.profile == DeviceProfile::Iphone {
            headers.push(("Cookie", "amzn-app-id=MAPiOSLib/6.0/ToHideRetailLink"));
        }
        let request = self.request(
            Method::POST,
            &self.endpoints.auth,
            "/auth/register",
            Body::Json(body),
            &headers,
            None,
        )?;
        let once = RetryPolicy {
            max_tries: 1,
            ..self.retry.clone()
        };
        let response = match self.send(request, &once, "/auth/register", cancel).await {
            Err(AudibleError::Http(HttpError::Status { status, .. }))
                if (400..500).contains(&status) =>
            {
                return Err(AudibleError::RegistrationRejected { status });
            }
            Err(AudibleError::Unauthorized { .. }) => {
                return Err(AudibleError::RegistrationRejected { status: 401 });
            }
            other => other?,
        };
        let body = aural_http::bytes(response).await?;
        Ok(parse_register_answer(&body, self.clock.now())?)
    }

    /// A new access token. 4xx means Amazon no longer accepts the refresh token:
    /// [`AudibleError::RefreshRejected`], and the account needs a new sign-in.
    #[tracing::instrument(skip_all, fields(marketplace = %self.marketplace))]
    pub async fn refresh(
        &self,
        profile: DeviceProfile,
        refresh_token: &Sensitive<String>,
        cancel: &CancellationToken,
    ) -> Result<AccessToken, AudibleError> {
        let form = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(refresh_form(profile, refresh_token))
            .finish();
        let domain = self.auth_domain();
        let request = self.request(
            Method::POST,
            &self.endpoints.auth,
            "/auth/token",
            Body::Form(form),
            &[("x-amzn-identity-auth-domain", &domain)],
            None,
        )?;
        let response = match self.send(request, &self.retry, "/auth/token", cancel).await {
            Err(AudibleError::Http(HttpError::Status { status, .. }))
                if (400..500).contains(&status) =>
            {
                return Err(AudibleError::RefreshRejected);
            }
            Err(AudibleError::Unauthorized { .. }) => return Err(AudibleError::RefreshRejected),
            other => other?,
        };
        let body = aural_http::bytes(response).await?;
        Ok(parse_refresh_answer(&body, self.clock.now())?)
    }

    /// Removes this device from the account at Amazon (`deregister_all_existing_accounts: false`).
    #[tracing::instrument(skip_all, fields(marketplace = %self.marketplace))]
    pub async fn deregister(
        &self,
        access: &AccessToken,
        cancel: &CancellationToken,
    ) -> Result<(), AudibleError> {
        if access.token.expose().is_empty() {
            return Err(AudibleError::NoAccessToken);
        }
        let body = serde_json::to_vec(&deregister_body()).expect("a JSON value serialises");
        let request = self.request(
            Method::POST,
            &self.endpoints.auth,
            "/auth/deregister",
            Body::Json(body),
            &[("x-amz-access-token", access.token.expose())],
            None,
        )?;
        self.send(request, &self.retry, "/auth/deregister", cancel)
            .await?;
        Ok(())
    }
}
