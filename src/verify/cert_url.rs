//! The `SignatureCertChainUrl` check: only Amazon's certificate location is trusted.

use url::Url;

use super::VerifyError;

/// The only host certificate chains may come from.
pub const HOST: &str = "s3.amazonaws.com";
/// The path every certificate chain URL starts with (compared case-sensitively).
pub const PATH_PREFIX: &str = "/echo.api/";
/// The only port allowed, if a port is given.
const PORT: u16 = 443;

/// Checks a `SignatureCertChainUrl` as Alexa requires: after resolving `.` and `..`
/// segments, the scheme is `https` and the host `s3.amazonaws.com` (both in any case),
/// the path starts with `/echo.api/`, and a port, if given, is 443.
pub fn check(raw: &str) -> Result<Url, VerifyError> {
    let invalid = |reason: &'static str| VerifyError::CertUrl(reason);
    // Parsing resolves dot segments (also percent-encoded ones) and lower-cases the
    // scheme and host, as the check requires.
    let url = Url::parse(raw).map_err(|_| invalid("it is not a URL"))?;
    if url.scheme() != "https" {
        return Err(invalid("its scheme is not https"));
    }
    if !url.host_str().is_some_and(|host| host.eq_ignore_ascii_case(HOST)) {
        return Err(invalid("its host is not s3.amazonaws.com"));
    }
    // The `url` crate drops the scheme's default port, so 443 given explicitly reads as none.
    if url.port().is_some_and(|port| port != PORT) {
        return Err(invalid("its port is not 443"));
    }
    if !url.path().starts_with(PATH_PREFIX) {
        return Err(invalid("its path does not start with /echo.api/"));
    }
    Ok(url)
}

/// The chain's file name: the URL's last path segment.
pub fn file_name(url: &Url) -> Option<&str> {
    url.path_segments()?.next_back().filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amazons_urls_are_accepted_in_any_case_and_with_dot_segments() {
        for url in [
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
            "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem",
            "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/invalid/../echo.api/./echo-api-cert.pem",
        ] {
            let checked = check(url).unwrap_or_else(|error| panic!("{url}: {error}"));
            assert_eq!(file_name(&checked), Some("echo-api-cert.pem"), "{url}");
        }
    }

    #[test]
    fn other_urls_are_refused() {
        for url in [
            "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
            "https://notamazon.com/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com.evil.com/echo.api/echo-api-cert.pem",
            "https://evil.com/s3.amazonaws.com/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
            "https://s3.amazonaws.com/ECHO.API/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/%2e%2e/evil/echo-api-cert.pem",
            "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
            "https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api",
            "s3.amazonaws.com/echo.api/echo-api-cert.pem",
            "",
        ] {
            assert!(check(url).is_err(), "{url} was accepted");
        }
    }
}
