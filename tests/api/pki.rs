//! A test PKI standing in for Amazon's: a root CA (trusted through the extra-roots
//! option), an intermediate, signing certificates good and bad, and RSA keys to sign
//! request bodies with. Everything is generated once per test run, offline.

use std::path::PathBuf;
use std::sync::LazyLock;

use base64::Engine;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use rustls::pki_types::PrivatePkcs8KeyDer;
use rustls::pki_types::pem::PemObject;
use time::{Duration, OffsetDateTime};

/// The chain file name every good request points at.
pub const GOOD_CHAIN: &str = "echo-api-cert.pem";
/// The URL of the good chain.
pub fn chain_url(name: &str) -> String {
    format!("https://s3.amazonaws.com/echo.api/{name}")
}

/// The test PKI, with its files written under `dir`.
pub struct Pki {
    /// Holds `roots.pem` and `chains/`.
    pub dir: PathBuf,
    signing_key: RsaKeyPair,
    other_key: RsaKeyPair,
    /// The root CA certificate, PEM.
    pub root_pem: String,
    root_issuer: Issuer<'static, KeyPair>,
}

/// The PKI shared by every test in this binary.
pub static PKI: LazyLock<Pki> = LazyLock::new(Pki::generate);

fn rsa_key(file: &str) -> (String, RsaKeyPair) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pki").join(file);
    let pem = std::fs::read_to_string(&path).unwrap();
    let der = PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes()).unwrap();
    (pem, RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()).unwrap())
}

fn ca_params(name: &str) -> CertificateParams {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = OffsetDateTime::now_utc() - Duration::days(365);
    params.not_after = OffsetDateTime::now_utc() + Duration::days(3650);
    params
}

fn leaf_params(names: &[&str], not_before: OffsetDateTime, not_after: OffsetDateTime) -> CertificateParams {
    let mut params = CertificateParams::new(names.iter().map(|name| name.to_string()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, names[0]);
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth, ExtendedKeyUsagePurpose::ClientAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment];
    params.not_before = not_before;
    params.not_after = not_after;
    params
}

impl Pki {
    fn generate() -> Pki {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("pki-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("chains")).unwrap();
        let (signing_pem, signing_key) = rsa_key("signing-key.pem");
        let (_, other_key) = rsa_key("other-key.pem");

        let root_key = KeyPair::generate().unwrap();
        let root_params = ca_params("carevoice test root");
        let root = root_params.self_signed(&root_key).unwrap();
        std::fs::write(dir.join("roots.pem"), root.pem()).unwrap();
        let root_issuer = Issuer::new(root_params, root_key);

        let intermediate_key = KeyPair::generate().unwrap();
        let intermediate_params = ca_params("carevoice test intermediate");
        let intermediate = intermediate_params.signed_by(&intermediate_key, &root_issuer).unwrap();
        let intermediate_issuer = Issuer::new(intermediate_params, intermediate_key);

        let stranger_key = KeyPair::generate().unwrap();
        let stranger_params = ca_params("an untrusted root");
        let stranger_issuer = Issuer::new(stranger_params, stranger_key);

        let signing_key_pair = KeyPair::from_pem(&signing_pem).unwrap();
        let now = OffsetDateTime::now_utc();
        let good = (now - Duration::days(1), now + Duration::days(30));
        let chains = [
            (GOOD_CHAIN, &["echo-api.amazon.com"][..], good, &intermediate_issuer),
            (
                "expired.pem",
                &["echo-api.amazon.com"][..],
                (now - Duration::days(30), now - Duration::days(1)),
                &intermediate_issuer,
            ),
            (
                "not-yet-valid.pem",
                &["echo-api.amazon.com"][..],
                (now + Duration::days(1), now + Duration::days(30)),
                &intermediate_issuer,
            ),
            ("wrong-name.pem", &["echo-api.example.com", "amazon.com"][..], good, &intermediate_issuer),
            ("untrusted.pem", &["echo-api.amazon.com"][..], good, &stranger_issuer),
        ];
        for (name, names, (not_before, not_after), issuer) in chains {
            let leaf = leaf_params(names, not_before, not_after).signed_by(&signing_key_pair, issuer).unwrap();
            std::fs::write(dir.join("chains").join(name), format!("{}{}", leaf.pem(), intermediate.pem())).unwrap();
        }
        Pki { dir, signing_key, other_key, root_pem: root.pem(), root_issuer }
    }

    /// The PEM file of roots to trust.
    pub fn roots_file(&self) -> PathBuf {
        self.dir.join("roots.pem")
    }

    /// The directory of pre-loaded chains.
    pub fn chain_dir(&self) -> PathBuf {
        self.dir.join("chains")
    }

    /// `Signature-256` for `body` with the signing certificate's key.
    pub fn sign(&self, body: &[u8]) -> String {
        sign_with(&self.signing_key, body)
    }

    /// `Signature-256` for `body` with a key no certificate has.
    pub fn sign_with_other_key(&self, body: &[u8]) -> String {
        sign_with(&self.other_key, body)
    }

    /// A TLS server certificate for `name`, issued by the test root: (chain PEM file,
    /// key PEM file).
    pub fn server_cert(&self, name: &str) -> (PathBuf, PathBuf) {
        let key = KeyPair::generate().unwrap();
        let now = OffsetDateTime::now_utc();
        let cert = leaf_params(&[name], now - Duration::days(1), now + Duration::days(30))
            .signed_by(&key, &self.root_issuer)
            .unwrap();
        let (cert_file, key_file) = (self.dir.join(format!("{name}.crt")), self.dir.join(format!("{name}.key")));
        std::fs::write(&cert_file, cert.pem()).unwrap();
        std::fs::write(&key_file, key.serialize_pem()).unwrap();
        (cert_file, key_file)
    }

    /// A rustls client configuration that trusts the test root only.
    pub fn client_tls(&self) -> rustls::ClientConfig {
        let mut roots = rustls::RootCertStore::empty();
        for cert in rustls::pki_types::CertificateDer::pem_slice_iter(self.root_pem.as_bytes()) {
            roots.add(cert.unwrap()).unwrap();
        }
        rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth()
    }
}

fn sign_with(key: &RsaKeyPair, body: &[u8]) -> String {
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), body, &mut signature).unwrap();
    base64::engine::general_purpose::STANDARD.encode(signature)
}
