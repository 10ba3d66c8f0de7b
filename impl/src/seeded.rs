//! Reproducible MLS: an OpenMLS provider whose every random byte comes from
//! one seed, so that a replay run twice with the same seed produces
//! byte-identical KeyPackages, Welcomes, commits, epoch authenticators
//! (safety numbers) and media frames (`dcverify replay --seed`).
//!
//! Randomness enters OpenMLS in three places, and each comes from the seed
//! here: the provider's `rand()` (leaf keys, path and init secrets, nonces,
//! reuse guards), drawn from a seeded ChaCha20 stream; HPKE encryption, whose
//! ephemeral key `hpke-rs` otherwise draws from the OS for every seal; and
//! the signature key, made from seeded bytes rather than
//! `SignatureKeyPair::new`'s OS randomness. OpenMLS seals a commit's path
//! secrets in parallel (rayon), so a seal cannot take the stream's next
//! bytes (their order would vary): its ephemeral key is instead derived from
//! a seeded key and the seal's own inputs (HMAC over recipient, info, aad
//! and plaintext), the same for the same seal on every run. Every other
//! crypto operation is deterministic and is delegated to `RustCrypto`.

use hpke_rs::{Hpke, Mode};
use hpke_rs_crypto::types::{AeadAlgorithm, KdfAlgorithm, KemAlgorithm};
use hpke_rs_rust_crypto::HpkeRustCrypto;
use openmls_basic_credential::SignatureKeyPair;
use openmls_rust_crypto::{MemoryStorage, RandError, RustCrypto};
use openmls_traits::crypto::OpenMlsCrypto;
use openmls_traits::random::OpenMlsRand;
use openmls_traits::types::{
    AeadType, Ciphersuite, CryptoError, ExporterSecret, HashType, HpkeAeadType, HpkeCiphertext,
    HpkeConfig, HpkeKdfType, HpkeKemType, HpkeKeyPair, SignatureScheme,
};
use openmls_traits::OpenMlsProvider;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use std::sync::Mutex;
use tls_codec::SecretVLBytes;

/// The crypto and randomness of a seeded provider.
#[derive(Debug)]
pub struct SeededCrypto {
    inner: RustCrypto,
    rng: Mutex<ChaCha20Rng>,
    /// The key HPKE ephemeral keys are derived with (see the module's notes).
    seal_key: [u8; 32],
}

impl SeededCrypto {
    pub fn new(seed: u64) -> Self {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let mut seal_key = [0u8; 32];
        rng.fill_bytes(&mut seal_key);
        SeededCrypto { inner: RustCrypto::default(), rng: Mutex::new(rng), seal_key }
    }

    fn fill(&self, out: &mut [u8]) -> Result<(), RandError> {
        let mut rng = self.rng.lock().map_err(|_| RandError::LockPoisoned)?;
        rng.fill_bytes(out);
        Ok(())
    }
}

impl OpenMlsRand for SeededCrypto {
    type Error = RandError;

    fn random_array<const N: usize>(&self) -> Result<[u8; N], Self::Error> {
        let mut out = [0u8; N];
        self.fill(&mut out)?;
        Ok(out)
    }

    fn random_vec(&self, len: usize) -> Result<Vec<u8>, Self::Error> {
        let mut out = vec![0u8; len];
        self.fill(&mut out)?;
        Ok(out)
    }
}

/// The `hpke-rs` suite of an OpenMLS HPKE configuration.
fn hpke(config: HpkeConfig) -> Result<Hpke<HpkeRustCrypto>, CryptoError> {
    let kem = match config.0 {
        HpkeKemType::DhKem25519 => KemAlgorithm::DhKem25519,
        HpkeKemType::DhKemP256 => KemAlgorithm::DhKemP256,
        HpkeKemType::DhKemP384 => KemAlgorithm::DhKemP384,
        HpkeKemType::DhKemP521 => KemAlgorithm::DhKemP521,
        HpkeKemType::DhKem448 => KemAlgorithm::DhKem448,
    };
    let kdf = match config.1 {
        HpkeKdfType::HkdfSha256 => KdfAlgorithm::HkdfSha256,
        HpkeKdfType::HkdfSha384 => KdfAlgorithm::HkdfSha384,
        HpkeKdfType::HkdfSha512 => KdfAlgorithm::HkdfSha512,
    };
    let aead = match config.2 {
        HpkeAeadType::AesGcm128 => AeadAlgorithm::Aes128Gcm,
        HpkeAeadType::AesGcm256 => AeadAlgorithm::Aes256Gcm,
        HpkeAeadType::ChaCha20Poly1305 => AeadAlgorithm::ChaCha20Poly1305,
        HpkeAeadType::Export => AeadAlgorithm::HpkeExport,
    };
    Ok(Hpke::new(Mode::Base, kem, kdf, aead))
}

impl SeededCrypto {
    /// An HPKE context whose ephemeral key is derived from the seal key and
    /// the seal's inputs, each length-prefixed.
    fn seeded_hpke(
        &self,
        config: HpkeConfig,
        inputs: &[&[u8]],
    ) -> Result<Hpke<HpkeRustCrypto>, CryptoError> {
        let mut message = Vec::new();
        for input in inputs {
            message.extend_from_slice(&(input.len() as u64).to_be_bytes());
            message.extend_from_slice(input);
        }
        let ikm = self.inner.hmac(HashType::Sha2_256, &self.seal_key, &message)?;
        let mut h = hpke(config)?;
        h.seed(ikm.as_slice()).map_err(|_| CryptoError::InsufficientRandomness)?;
        Ok(h)
    }
}

impl OpenMlsCrypto for SeededCrypto {
    fn supports(&self, ciphersuite: Ciphersuite) -> Result<(), CryptoError> {
        self.inner.supports(ciphersuite)
    }

    fn supported_ciphersuites(&self) -> Vec<Ciphersuite> {
        self.inner.supported_ciphersuites()
    }

    fn hkdf_extract(
        &self,
        hash_type: HashType,
        salt: &[u8],
        ikm: &[u8],
    ) -> Result<SecretVLBytes, CryptoError> {
        self.inner.hkdf_extract(hash_type, salt, ikm)
    }

    fn hmac(
        &self,
        hash_type: HashType,
        key: &[u8],
        message: &[u8],
    ) -> Result<SecretVLBytes, CryptoError> {
        self.inner.hmac(hash_type, key, message)
    }

    fn hkdf_expand(
        &self,
        hash_type: HashType,
        prk: &[u8],
        info: &[u8],
        okm_len: usize,
    ) -> Result<SecretVLBytes, CryptoError> {
        self.inner.hkdf_expand(hash_type, prk, info, okm_len)
    }

    fn hash(&self, hash_type: HashType, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.inner.hash(hash_type, data)
    }

    fn aead_encrypt(
        &self,
        alg: AeadType,
        key: &[u8],
        data: &[u8],
        nonce: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        self.inner.aead_encrypt(alg, key, data, nonce, aad)
    }

    fn aead_decrypt(
        &self,
        alg: AeadType,
        key: &[u8],
        ct_tag: &[u8],
        nonce: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        self.inner.aead_decrypt(alg, key, ct_tag, nonce, aad)
    }

    /// Ed25519 keys from 32 seeded bytes; other schemes are not ours.
    fn signature_key_gen(&self, alg: SignatureScheme) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
        match alg {
            SignatureScheme::ED25519 => {
                let (private, public) = ed25519_from(self)?;
                Ok((private, public))
            }
            _ => Err(CryptoError::UnsupportedSignatureScheme),
        }
    }

    fn verify_signature(
        &self,
        alg: SignatureScheme,
        data: &[u8],
        pk: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        self.inner.verify_signature(alg, data, pk, signature)
    }

    fn sign(&self, alg: SignatureScheme, data: &[u8], key: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.inner.sign(alg, data, key)
    }

    fn hpke_seal(
        &self,
        config: HpkeConfig,
        pk_r: &[u8],
        info: &[u8],
        aad: &[u8],
        ptxt: &[u8],
    ) -> Result<HpkeCiphertext, CryptoError> {
        let (kem_output, ciphertext) = self
            .seeded_hpke(config, &[pk_r, info, aad, ptxt])?
            .seal(&pk_r.into(), info, aad, ptxt, None, None, None)
            .map_err(|e| match e {
                hpke_rs::HpkeError::InvalidInput => CryptoError::InvalidLength,
                _ => CryptoError::CryptoLibraryError,
            })?;
        Ok(HpkeCiphertext { kem_output: kem_output.into(), ciphertext: ciphertext.into() })
    }

    fn hpke_open(
        &self,
        config: HpkeConfig,
        input: &HpkeCiphertext,
        sk_r: &[u8],
        info: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        self.inner.hpke_open(config, input, sk_r, info, aad)
    }

    fn hpke_setup_sender_and_export(
        &self,
        config: HpkeConfig,
        pk_r: &[u8],
        info: &[u8],
        exporter_context: &[u8],
        exporter_length: usize,
    ) -> Result<(Vec<u8>, ExporterSecret), CryptoError> {
        let (kem_output, context) = self
            .seeded_hpke(
                config,
                &[pk_r, info, exporter_context, &(exporter_length as u64).to_be_bytes()],
            )?
            .setup_sender(&pk_r.into(), info, None, None, None)
            .map_err(|_| CryptoError::SenderSetupError)?;
        let secret = context
            .export(exporter_context, exporter_length)
            .map_err(|_| CryptoError::ExporterError)?;
        Ok((kem_output, secret.into()))
    }

    fn hpke_setup_receiver_and_export(
        &self,
        config: HpkeConfig,
        enc: &[u8],
        sk_r: &[u8],
        info: &[u8],
        exporter_context: &[u8],
        exporter_length: usize,
    ) -> Result<ExporterSecret, CryptoError> {
        self.inner.hpke_setup_receiver_and_export(
            config,
            enc,
            sk_r,
            info,
            exporter_context,
            exporter_length,
        )
    }

    fn derive_hpke_keypair(
        &self,
        config: HpkeConfig,
        ikm: &[u8],
    ) -> Result<HpkeKeyPair, CryptoError> {
        self.inner.derive_hpke_keypair(config, ikm)
    }
}

/// An Ed25519 key pair (private seed, public key) from 32 seeded bytes.
fn ed25519_from(crypto: &SeededCrypto) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
    let seed: [u8; 32] = crypto.random_array().map_err(|_| CryptoError::InsufficientRandomness)?;
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    Ok((seed.to_vec(), key.verifying_key().to_bytes().to_vec()))
}

/// An OpenMLS provider with seeded randomness and the usual in-memory storage.
#[derive(Debug)]
pub struct SeededProvider {
    crypto: SeededCrypto,
    storage: MemoryStorage,
}

impl SeededProvider {
    pub fn new(seed: u64) -> Self {
        SeededProvider { crypto: SeededCrypto::new(seed), storage: MemoryStorage::default() }
    }

    /// A signature key pair for `scheme` (Ed25519, the ciphersuite's) drawn from the seeded stream.
    pub fn signature_key_pair(
        &self,
        scheme: SignatureScheme,
    ) -> Result<SignatureKeyPair, CryptoError> {
        let (private, public) = self.crypto.signature_key_gen(scheme)?;
        Ok(SignatureKeyPair::from_raw(scheme, private, public))
    }
}

impl OpenMlsProvider for SeededProvider {
    type CryptoProvider = SeededCrypto;
    type RandProvider = SeededCrypto;
    type StorageProvider = MemoryStorage;

    fn storage(&self) -> &Self::StorageProvider {
        &self.storage
    }

    fn crypto(&self) -> &Self::CryptoProvider {
        &self.crypto
    }

    fn rand(&self) -> &Self::RandProvider {
        &self.crypto
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUITE: Ciphersuite = Ciphersuite::MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

    fn config() -> HpkeConfig {
        SUITE.hpke_config()
    }

    /// A recipient key pair, derived (deterministically) by the stock provider.
    fn recipient() -> HpkeKeyPair {
        RustCrypto::default().derive_hpke_keypair(config(), &[7; 32]).unwrap()
    }

    #[test]
    fn deterministic_operations_are_the_stock_providers() {
        let (ours, stock) = (SeededCrypto::new(1), RustCrypto::default());
        let h = HashType::Sha2_256;
        assert_eq!(ours.hash(h, b"m").unwrap(), stock.hash(h, b"m").unwrap());
        assert_eq!(ours.hmac(h, b"k", b"m").unwrap(), stock.hmac(h, b"k", b"m").unwrap());
        let prk = ours.hkdf_extract(h, b"salt", b"ikm").unwrap();
        assert_eq!(prk, stock.hkdf_extract(h, b"salt", b"ikm").unwrap());
        assert_eq!(
            ours.hkdf_expand(h, prk.as_slice(), b"info", 42).unwrap(),
            stock.hkdf_expand(h, prk.as_slice(), b"info", 42).unwrap()
        );
        let (key, nonce) = ([3u8; 16], [4u8; 12]);
        let sealed = ours.aead_encrypt(AeadType::Aes128Gcm, &key, b"data", &nonce, b"aad").unwrap();
        assert_eq!(
            sealed,
            stock.aead_encrypt(AeadType::Aes128Gcm, &key, b"data", &nonce, b"aad").unwrap()
        );
        assert_eq!(
            ours.aead_decrypt(AeadType::Aes128Gcm, &key, &sealed, &nonce, b"aad").unwrap(),
            b"data"
        );
        assert!(ours.aead_decrypt(AeadType::Aes128Gcm, &key, &sealed, &nonce, b"other").is_err());
        assert_eq!(ours.supports(SUITE), Ok(()));
        let unsupported = Ciphersuite::MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448;
        assert!(ours.supports(unsupported).is_err());
        assert_eq!(ours.supports(unsupported), stock.supports(unsupported));
        assert_eq!(ours.supported_ciphersuites(), stock.supported_ciphersuites());
        assert!(ours.supported_ciphersuites().contains(&SUITE));
        let derived = ours.derive_hpke_keypair(config(), &[7; 32]).unwrap();
        assert_eq!(derived.public, recipient().public);
    }

    #[test]
    fn signatures_are_ed25519_from_the_seed_and_forgeries_fail() {
        let ours = SeededCrypto::new(5);
        let (private, public) = ours.signature_key_gen(SignatureScheme::ED25519).unwrap();
        let again = SeededCrypto::new(5).signature_key_gen(SignatureScheme::ED25519).unwrap();
        assert_eq!((private.clone(), public.clone()), again, "the same seed, the same key");
        assert_ne!(
            SeededCrypto::new(6).signature_key_gen(SignatureScheme::ED25519).unwrap().1,
            public
        );
        let signature = ours.sign(SignatureScheme::ED25519, b"m", &private).unwrap();
        assert_eq!(signature.len(), 64);
        assert_eq!(
            signature,
            RustCrypto::default().sign(SignatureScheme::ED25519, b"m", &private).unwrap()
        );
        assert_eq!(
            ours.verify_signature(SignatureScheme::ED25519, b"m", &public, &signature),
            Ok(())
        );
        assert!(ours
            .verify_signature(SignatureScheme::ED25519, b"n", &public, &signature)
            .is_err());
        assert_eq!(
            ours.signature_key_gen(SignatureScheme::ECDSA_SECP256R1_SHA256),
            Err(CryptoError::UnsupportedSignatureScheme)
        );
        let pair = SeededProvider::new(5).signature_key_pair(SignatureScheme::ED25519).unwrap();
        assert_eq!(pair.public(), public.as_slice());
    }

    #[test]
    fn randomness_is_the_seeds_stream() {
        let (a, b, c) = (SeededCrypto::new(9), SeededCrypto::new(9), SeededCrypto::new(10));
        let first: [u8; 16] = a.random_array().unwrap();
        assert_eq!(first, b.random_array::<16>().unwrap());
        assert_ne!(first, c.random_array::<16>().unwrap());
        let next = a.random_vec(16).unwrap();
        assert_eq!(next.len(), 16);
        assert_eq!(next, b.random_vec(16).unwrap());
        assert_ne!(next, c.random_vec(16).unwrap());
        assert_ne!(next.as_slice(), first.as_slice(), "the stream moves on");
        assert_ne!(first, [0; 16]);
    }

    #[test]
    fn a_seal_is_reproducible_and_opens_with_the_stock_provider() {
        let r = recipient();
        let seal = |crypto: &SeededCrypto, ptxt: &[u8]| {
            crypto.hpke_seal(config(), &r.public, b"info", b"aad", ptxt).unwrap()
        };
        let ours = SeededCrypto::new(3);
        let sealed = seal(&ours, b"secret");
        assert_eq!(
            RustCrypto::default()
                .hpke_open(config(), &sealed, &r.private, b"info", b"aad")
                .unwrap(),
            b"secret"
        );
        assert_eq!(
            ours.hpke_open(config(), &sealed, &r.private, b"info", b"aad").unwrap(),
            b"secret"
        );
        assert_eq!(seal(&ours, b"secret"), sealed, "the same seal twice: the same bytes");
        assert_eq!(seal(&SeededCrypto::new(3), b"secret"), sealed, "the same seed: the same bytes");
        assert_ne!(
            seal(&SeededCrypto::new(4), b"secret").kem_output,
            sealed.kem_output,
            "another seed: another ephemeral key"
        );
        assert_ne!(
            seal(&ours, b"other").kem_output,
            sealed.kem_output,
            "another plaintext: another ephemeral key"
        );
        // Bad input fails as it does with the stock provider.
        let stock = RustCrypto::default().hpke_seal(config(), &[1, 2, 3], b"info", b"aad", b"x");
        assert_eq!(ours.hpke_seal(config(), &[1, 2, 3], b"info", b"aad", b"x"), stock);
        assert!(stock.is_err());
    }

    #[test]
    fn a_sender_export_is_reproducible_and_matches_the_receivers() {
        let r = recipient();
        let ours = SeededCrypto::new(3);
        let (enc, secret) =
            ours.hpke_setup_sender_and_export(config(), &r.public, b"info", b"ctx", 32).unwrap();
        let received = RustCrypto::default()
            .hpke_setup_receiver_and_export(config(), &enc, &r.private, b"info", b"ctx", 32)
            .unwrap();
        assert_eq!(&*secret, &*received);
        let ours_received = ours
            .hpke_setup_receiver_and_export(config(), &enc, &r.private, b"info", b"ctx", 32)
            .unwrap();
        assert_eq!(&*ours_received, &*secret);
        let (enc2, _) = SeededCrypto::new(3)
            .hpke_setup_sender_and_export(config(), &r.public, b"info", b"ctx", 32)
            .unwrap();
        assert_eq!(enc2, enc);
        let (enc3, _) =
            ours.hpke_setup_sender_and_export(config(), &r.public, b"info", b"ctx", 16).unwrap();
        assert_ne!(enc3, enc, "another length: another ephemeral key");
        assert!(ours
            .hpke_setup_sender_and_export(config(), &[1, 2, 3], b"info", b"ctx", 32)
            .is_err());
    }
}
