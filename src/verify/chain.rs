//! Certificate chains: parsing, and the checks the signing certificate must pass.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use webpki::{EndEntityCert, KeyUsage};

use super::VerifyError;

/// The name the signing certificate must carry among its subject alternative names.
pub const SIGNING_NAME: &str = "echo-api.amazon.com";

/// A signing certificate that passed every check.
#[derive(Debug)]
pub struct SigningCert {
    der: CertificateDer<'static>,
    /// Seconds since the Unix epoch.
    not_before: u64,
    /// Seconds since the Unix epoch.
    not_after: u64,
}

impl SigningCert {
    /// Parses a PEM chain (signing certificate first) and checks that the signing
    /// certificate is within its dates at `now`, names `echo-api.amazon.com`, and
    /// chains to one of `roots`.
    pub fn validate(pem: &[u8], roots: &[TrustAnchor<'static>], now: UnixTime) -> Result<SigningCert, VerifyError> {
        let mut chain = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| VerifyError::CertChain("it is not PEM".into()))?
            .into_iter();
        let leaf = chain.next().ok_or_else(|| VerifyError::CertChain("it holds no certificate".into()))?;
        let intermediates: Vec<CertificateDer<'static>> = chain.collect();

        let (_, parsed) = x509_parser::parse_x509_certificate(&leaf)
            .map_err(|_| VerifyError::CertChain("the signing certificate cannot be parsed".into()))?;
        let validity = parsed.validity();
        let not_before = u64::try_from(validity.not_before.timestamp()).unwrap_or(0);
        let not_after = u64::try_from(validity.not_after.timestamp()).unwrap_or(0);
        let signing = SigningCert { der: leaf.clone(), not_before, not_after };
        signing.check_dates(now)?;

        let end_entity = EndEntityCert::try_from(&leaf)
            .map_err(|error| VerifyError::CertChain(format!("the signing certificate is malformed: {error}")))?;
        let name = ServerName::try_from(SIGNING_NAME).map_err(|_| VerifyError::CertChain("bad name".into()))?;
        end_entity.verify_is_valid_for_subject_name(&name).map_err(|_| VerifyError::CertWrongName)?;
        end_entity
            .verify_for_usage(
                webpki::ALL_VERIFICATION_ALGS,
                roots,
                &intermediates,
                now,
                KeyUsage::server_auth(),
                None,
                None,
            )
            .map_err(|error| VerifyError::CertUntrusted(error.to_string()))?;
        Ok(signing)
    }

    /// Fails unless `now` is within the certificate's validity dates.
    pub fn check_dates(&self, now: UnixTime) -> Result<(), VerifyError> {
        let now = now.as_secs();
        if now < self.not_before {
            return Err(VerifyError::CertNotYetValid);
        }
        if now > self.not_after {
            return Err(VerifyError::CertExpired);
        }
        Ok(())
    }

    /// Whether the certificate has expired at `now`.
    pub fn expired(&self, now: UnixTime) -> bool {
        now.as_secs() > self.not_after
    }

    /// Checks an RSA PKCS#1 v1.5 SHA-256 `signature` over `message` with this
    /// certificate's key.
    pub fn verify_signature(&self, message: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        let end_entity = EndEntityCert::try_from(&self.der)
            .map_err(|error| VerifyError::CertChain(format!("the signing certificate is malformed: {error}")))?;
        end_entity
            .verify_signature(webpki::ring::RSA_PKCS1_2048_8192_SHA256, message, signature)
            .map_err(|_| VerifyError::SignatureMismatch)
    }
}
