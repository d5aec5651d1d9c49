//! Fetching an answer through the shared HTTP client: the API key added at the last moment, the
//! shared retry rule, and the indexer's own timeout over all tries together, so a hung indexer
//! costs a search at most that long (SPEC §5.5).

use std::time::Duration;

use aural_core::Sensitive;
use aural_http::{Client, HttpError, RedactedUrl, RetryPolicy};
use bytes::Bytes;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::IndexerError;

#[derive(Debug, Clone)]
pub struct Transport {
    client: Client,
    api_key: Option<Sensitive<String>>,
    timeout: Duration,
    retry: RetryPolicy,
}

impl Transport {
    pub fn new(
        client: Client,
        api_key: Option<Sensitive<String>>,
        timeout: Duration,
        retry: RetryPolicy,
    ) -> Transport {
        Transport {
            client,
            api_key,
            timeout,
            retry,
        }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The body of `url` (built without the key) once the indexer answered below 400.
    #[tracing::instrument(level = "debug", skip_all, fields(url = %RedactedUrl::new(url)))]
    pub async fn get(&self, url: &Url, cancel: &CancellationToken) -> Result<Bytes, IndexerError> {
        let mut keyed = url.clone();
        if let Some(key) = &self.api_key {
            keyed.query_pairs_mut().append_pair("apikey", key.expose());
        }
        let request = self
            .client
            .get(keyed)
            .timeout(self.timeout)
            .build()
            .map_err(|e| HttpError::Client(e.without_url()))?;
        let exchange = async {
            let response = aural_http::send(&self.client, request, &self.retry, cancel).await?;
            aural_http::bytes(response).await
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(result) => Ok(result?),
            Err(_) => Err(HttpError::Timeout {
                url: RedactedUrl::new(url),
            }
            .into()),
        }
    }
}
