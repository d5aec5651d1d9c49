//! The Audible app a registration pretends to be, and the device serial that identifies it.

use std::fmt;
use std::str::FromStr;

use rand::RngCore;

use crate::marketplace::Marketplace;

/// iPhone is the default: only iPhone registrations get AAXC licences for Plus titles
/// (Android ones are refused with `000307` and steered to Widevine).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DeviceProfile {
    #[default]
    Iphone,
    Android,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a device profile: use iphone or android")]
pub struct UnknownDeviceProfile(pub String);

impl FromStr for DeviceProfile {
    type Err = UnknownDeviceProfile;
    fn from_str(s: &str) -> Result<DeviceProfile, UnknownDeviceProfile> {
        match s.trim().to_ascii_lowercase().as_str() {
            "iphone" | "ios" => Ok(DeviceProfile::Iphone),
            "android" => Ok(DeviceProfile::Android),
            _ => Err(UnknownDeviceProfile(s.to_owned())),
        }
    }
}

impl fmt::Display for DeviceProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DeviceProfile::Iphone => "iphone",
            DeviceProfile::Android => "android",
        })
    }
}

/// The app values sent at registration. iPhone: those of mkb79/Audible `register.py`;
/// Android: those of Libation's AudibleApi `Resources.cs` (Audible 25.38.26 on an emulator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppIdentity {
    pub device_type: &'static str,
    pub app_name: &'static str,
    pub app_version: &'static str,
    pub software_version: &'static str,
    pub os_version: &'static str,
    pub device_model: &'static str,
    /// `registration_data.domain` of `/auth/register`.
    pub registration_domain: &'static str,
    /// The user agent of the app's sign-in web view.
    pub webview_user_agent: &'static str,
    /// The user agent the app downloads audio with.
    pub download_user_agent: &'static str,
}

const IPHONE: AppIdentity = AppIdentity {
    device_type: "A2CZJZGLK2JJVM",
    app_name: "Audible",
    app_version: "3.56.2",
    software_version: "35602678",
    os_version: "15.0.0",
    device_model: "iPhone",
    registration_domain: "Device",
    webview_user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    download_user_agent: "Audible/671 CFNetwork/1240.0.4 Darwin/20.6.0",
};

const ANDROID: AppIdentity = AppIdentity {
    device_type: "A10KISP2GWF0E4",
    app_name: "com.audible.application",
    app_version: "2090253826",
    software_version: "130050002",
    os_version: "google/sdk_gphone64_x86_64/emu64xa:14/UPB5.230623.003/10615560:userdebug/dev-keys",
    device_model: "sdk_gphone64_x86_64",
    registration_domain: "DeviceLegacy",
    webview_user_agent: "Mozilla/5.0 (Linux; Android 14; sdk_gphone64_x86_64 Build/UPB5.230623.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/113.0.5672.136 Mobile Safari/537.36",
    download_user_agent: "com.audible.playersdk.player/3.96.1 (Linux;Android 14) AndroidXMedia3/1.3.0",
};

impl DeviceProfile {
    pub fn app(self) -> &'static AppIdentity {
        match self {
            DeviceProfile::Iphone => &IPHONE,
            DeviceProfile::Android => &ANDROID,
        }
    }

    /// `openid.assoc_handle` of the sign-in URL.
    pub fn assoc_handle(self, marketplace: Marketplace) -> String {
        match self {
            DeviceProfile::Iphone => format!("amzn_audible_ios_{}", marketplace.code()),
            DeviceProfile::Android => format!("amzn_audible_android_aui_{}", marketplace.code()),
        }
    }

    /// `pageId` of the sign-in URL; the Android app really sends `…_dark_us<cc>`.
    pub fn page_id(self, marketplace: Marketplace) -> String {
        match self {
            DeviceProfile::Iphone => "amzn_audible_ios".to_owned(),
            DeviceProfile::Android => {
                format!("amzn_audible_android_aui_v2_dark_us{}", marketplace.code())
            }
        }
    }
}

/// The serial a registration is made with, kept with the account: the voucher key of every
/// AAXC download is derived from it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DeviceSerial(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a device serial is 32 to 40 letters or digits, found {length} characters")]
pub struct InvalidSerial {
    pub length: usize,
}

impl DeviceSerial {
    /// A new random serial of the form the profile's app makes: the iPhone app a 32-character
    /// upper-case GUID, the Android app 20 random bytes in lower-case hex (Amazon rejects
    /// Android registrations with shorter serials).
    pub fn generate(profile: DeviceProfile) -> DeviceSerial {
        let mut rng = rand::rngs::OsRng;
        match profile {
            DeviceProfile::Iphone => {
                let mut bytes = [0u8; 16];
                rng.fill_bytes(&mut bytes);
                DeviceSerial(hex::encode_upper(bytes))
            }
            DeviceProfile::Android => {
                let mut bytes = [0u8; 20];
                rng.fill_bytes(&mut bytes);
                DeviceSerial(hex::encode(bytes))
            }
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The OAuth client id: lower-case hex of `<serial>#<device_type>`. Sign-in sends it as
    /// `device:<client_id>`, registration bare.
    pub fn client_id(&self, profile: DeviceProfile) -> String {
        hex::encode(format!("{}#{}", self.0, profile.app().device_type))
    }
}

impl FromStr for DeviceSerial {
    type Err = InvalidSerial;
    fn from_str(s: &str) -> Result<DeviceSerial, InvalidSerial> {
        let s = s.trim();
        if (32..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(DeviceSerial(s.to_owned()))
        } else {
            Err(InvalidSerial {
                length: s.chars().count(),
            })
        }
    }
}

impl fmt::Debug for DeviceSerial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for DeviceSerial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_id_is_hex_of_serial_and_device_type() {
        let serial: DeviceSerial = "D2F2E2A4B4C64E5C9E3F1A2B3C4D5E6F"
            .parse()
            .expect("32 hex digits");
        let want = hex::encode("D2F2E2A4B4C64E5C9E3F1A2B3C4D5E6F#A2CZJZGLK2JJVM");
        assert_eq!(serial.client_id(DeviceProfile::Iphone), want);
        assert!(
            serial
                .client_id(DeviceProfile::Android)
                .ends_with(&hex::encode("#A10KISP2GWF0E4"))
        );
    }

    #[test]
    fn generated_serials_have_the_apps_shape_and_differ() {
        let a = DeviceSerial::generate(DeviceProfile::Iphone);
        let b = DeviceSerial::generate(DeviceProfile::Iphone);
        assert_ne!(a, b, "serials are random");
        assert_eq!(a.as_str().len(), 32);
        assert!(
            a.as_str()
                .bytes()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        let android = DeviceSerial::generate(DeviceProfile::Android);
        assert_eq!(
            android.as_str().len(),
            40,
            "Android serials are 20 bytes of hex"
        );
        assert!(
            android.as_str().parse::<DeviceSerial>().is_ok(),
            "a generated serial parses back"
        );
    }

    #[test]
    fn bad_serials_and_profiles_are_refused() {
        for bad in [
            "",
            "ABC",
            "D2F2E2A4-B4C6-4E5C-9E3F-1A2B3C4D5E6F",
            &"A".repeat(41),
        ] {
            assert!(bad.parse::<DeviceSerial>().is_err(), "serial {bad:?}");
        }
        assert_eq!("iPhone".parse(), Ok(DeviceProfile::Iphone));
        assert_eq!("ANDROID".parse(), Ok(DeviceProfile::Android));
        assert!("kindle".parse::<DeviceProfile>().is_err());
    }

    #[test]
    fn sign_in_handles_follow_each_app() {
        assert_eq!(
            DeviceProfile::Iphone.assoc_handle(Marketplace::Uk),
            "amzn_audible_ios_uk"
        );
        assert_eq!(
            DeviceProfile::Android.assoc_handle(Marketplace::De),
            "amzn_audible_android_aui_de"
        );
        assert_eq!(
            DeviceProfile::Android.page_id(Marketplace::De),
            "amzn_audible_android_aui_v2_dark_usde"
        );
        assert_eq!(DeviceProfile::Iphone.app().registration_domain, "Device");
        assert_eq!(
            DeviceProfile::Android.app().registration_domain,
            "DeviceLegacy"
        );
    }
}
