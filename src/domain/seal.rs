//! Hidden votes in a live room. The relay server and every device see the
//! whole room document, so a card is never written there in the clear
//! before the reveal: each vote is sealed to the round's public key, which
//! only the facilitator's tab can open. The facilitator's room state is
//! signed with a key whose public half travels in the join link, so no
//! device (nor the server) can hand the room a round key of its own and read
//! the votes sealed to it.
//!
//! Pure Rust (RustCrypto and dalek crates, no WebCrypto: browsers offer it
//! only on https pages). Randomness comes in as bytes, so these functions
//! stay deterministic and testable; the browser side draws them from
//! `crypto.getRandomValues`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use x25519_dalek::{PublicKey, StaticSecret};

/// Why a sealed vote or a signed state was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealError {
    /// Not hex of the right length.
    Malformed,
    /// It does not open with this key, or was altered on the way.
    WrongKey,
}

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SealError::Malformed => "the sealed data is not in the expected form",
            SealError::WrongKey => "the sealed data does not open with this key",
        })
    }
}

/// A key pair for sealing: the facilitator's per-round key, or a
/// participant's own key (which proves a vote is theirs).
#[derive(Clone)]
pub struct SealKey(StaticSecret);

impl SealKey {
    /// A key from 32 random bytes.
    pub fn from_random(bytes: [u8; 32]) -> SealKey {
        SealKey(StaticSecret::from(bytes))
    }

    /// The secret half as hex, to keep on this device only.
    pub fn secret_hex(&self) -> String {
        to_hex(self.0.as_bytes())
    }

    /// Reads a secret kept by [`SealKey::secret_hex`].
    pub fn from_secret_hex(hex: &str) -> Result<SealKey, SealError> {
        Ok(SealKey(StaticSecret::from(from_hex::<32>(hex)?)))
    }

    /// The public half as hex, to publish.
    pub fn public_hex(&self) -> String {
        to_hex(PublicKey::from(&self.0).as_bytes())
    }

    fn shared(&self, other_public: &str) -> Result<XChaCha20Poly1305, SealError> {
        let public = PublicKey::from(from_hex::<32>(other_public)?);
        let shared = self.0.diffie_hellman(&public);
        // A low-order public key gives an all-zero secret anyone can compute.
        if !shared.was_contributory() {
            return Err(SealError::WrongKey);
        }
        // XChaCha20 runs HChaCha20 over the key and the nonce's first half
        // before encrypting, so the raw X25519 output is hashed as in
        // libsodium's crypto_box_curve25519xchacha20poly1305.
        Ok(XChaCha20Poly1305::new(shared.as_bytes().into()))
    }
}

/// A card sealed to a round key: the nonce and the ciphertext, both hex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub nonce: String,
    pub ciphertext: String,
}

/// Seals `card` from `sender` to the round key `round_public`. `context`
/// (the round and the voter) is bound in, so a sealed vote can't be replayed
/// in another round or claimed by another voter.
pub fn seal(
    card: &str,
    sender: &SealKey,
    round_public: &str,
    context: &[u8],
    nonce: [u8; 24],
) -> Result<Sealed, SealError> {
    let cipher = sender.shared(round_public)?;
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: card.as_bytes(),
                aad: context,
            },
        )
        .map_err(|_| SealError::Malformed)?;
    Ok(Sealed {
        nonce: to_hex(&nonce),
        ciphertext: to_hex(&ciphertext),
    })
}

/// Opens a vote sealed to `round`'s public key by the holder of
/// `sender_public`, with the same `context`.
pub fn open(
    sealed: &Sealed,
    round: &SealKey,
    sender_public: &str,
    context: &[u8],
) -> Result<String, SealError> {
    let cipher = round.shared(sender_public)?;
    let nonce = from_hex::<24>(&sealed.nonce)?;
    // A card label is a few bytes; anything long is not a vote.
    if sealed.ciphertext.len() > 512 {
        return Err(SealError::Malformed);
    }
    let ciphertext = from_hex_vec(&sealed.ciphertext)?;
    let plain = cipher
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &ciphertext,
                aad: context,
            },
        )
        .map_err(|_| SealError::WrongKey)?;
    String::from_utf8(plain).map_err(|_| SealError::Malformed)
}

/// The facilitator's signing key for one room.
#[derive(Clone)]
pub struct RoomSigner(SigningKey);

impl RoomSigner {
    /// A key from 32 random bytes.
    pub fn from_random(bytes: [u8; 32]) -> RoomSigner {
        RoomSigner(SigningKey::from_bytes(&bytes))
    }

    /// The secret as hex, kept on the facilitator's device.
    pub fn secret_hex(&self) -> String {
        to_hex(&self.0.to_bytes())
    }

    /// Reads a secret kept by [`RoomSigner::secret_hex`].
    pub fn from_secret_hex(hex: &str) -> Result<RoomSigner, SealError> {
        Ok(RoomSigner(SigningKey::from_bytes(&from_hex::<32>(hex)?)))
    }

    /// The public half as hex: it travels in the join link.
    pub fn public_hex(&self) -> String {
        to_hex(self.0.verifying_key().as_bytes())
    }

    /// Signs `text`, giving the signature as hex.
    pub fn sign(&self, text: &str) -> String {
        to_hex(&self.0.sign(text.as_bytes()).to_bytes())
    }
}

/// Checks that `signature` over `text` was made by the holder of `public`.
pub fn verify(public: &str, text: &str, signature: &str) -> Result<(), SealError> {
    let key =
        VerifyingKey::from_bytes(&from_hex::<32>(public)?).map_err(|_| SealError::Malformed)?;
    let signature = Signature::from_bytes(&from_hex::<64>(signature)?);
    key.verify_strict(text.as_bytes(), &signature)
        .map_err(|_| SealError::WrongKey)
}

/// Whether `text` is a public key in hex (64 hex digits).
pub fn is_public_key(text: &str) -> bool {
    from_hex::<32>(text).is_ok()
}

/// Lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

fn from_hex_vec(text: &str) -> Result<Vec<u8>, SealError> {
    let digit = |c: u8| -> Result<u8, SealError> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(SealError::Malformed),
        }
    };
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return Err(SealError::Malformed);
    }
    bytes
        .chunks(2)
        .map(|pair| Ok(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

fn from_hex<const N: usize>(text: &str) -> Result<[u8; N], SealError> {
    from_hex_vec(text)?
        .try_into()
        .map_err(|_| SealError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> SealKey {
        SealKey::from_random([n; 32])
    }

    #[test]
    fn a_sealed_vote_opens_only_for_the_round_key_and_its_context() {
        let (round, ana, eve) = (key(1), key(2), key(3));
        let sealed = seal("8", &ana, &round.public_hex(), b"round-1/ana", [7; 24]).unwrap();
        assert!(!sealed.ciphertext.contains(&to_hex(b"8")));
        assert_eq!(
            open(&sealed, &round, &ana.public_hex(), b"round-1/ana").unwrap(),
            "8"
        );
        // Another device, another round, another voter, an altered box.
        assert_eq!(
            open(&sealed, &eve, &ana.public_hex(), b"round-1/ana"),
            Err(SealError::WrongKey)
        );
        assert_eq!(
            open(&sealed, &round, &ana.public_hex(), b"round-2/ana"),
            Err(SealError::WrongKey)
        );
        assert_eq!(
            open(&sealed, &round, &eve.public_hex(), b"round-1/ana"),
            Err(SealError::WrongKey)
        );
        let mut altered = sealed.clone();
        altered.ciphertext.replace_range(0..2, "00");
        if altered != sealed {
            assert_eq!(
                open(&altered, &round, &ana.public_hex(), b"round-1/ana"),
                Err(SealError::WrongKey)
            );
        }
        let garbage = Sealed {
            nonce: "zz".into(),
            ciphertext: "<b>".into(),
        };
        assert_eq!(
            open(&garbage, &round, &ana.public_hex(), b""),
            Err(SealError::Malformed)
        );
    }

    #[test]
    fn a_low_order_key_is_refused() {
        let zero = to_hex(&[0; 32]);
        assert_eq!(
            seal("5", &key(1), &zero, b"", [0; 24]),
            Err(SealError::WrongKey)
        );
    }

    #[test]
    fn keys_survive_being_kept_as_hex() {
        let k = key(9);
        let back = SealKey::from_secret_hex(&k.secret_hex()).unwrap();
        assert_eq!(back.public_hex(), k.public_hex());
        assert!(is_public_key(&k.public_hex()));
        assert!(!is_public_key("abc"));
        let s = RoomSigner::from_random([4; 32]);
        let back = RoomSigner::from_secret_hex(&s.secret_hex()).unwrap();
        assert_eq!(back.public_hex(), s.public_hex());
    }

    #[test]
    fn only_the_signer_signs() {
        let s = RoomSigner::from_random([5; 32]);
        let other = RoomSigner::from_random([6; 32]);
        let sig = s.sign("{\"round\":1}");
        assert_eq!(verify(&s.public_hex(), "{\"round\":1}", &sig), Ok(()));
        assert_eq!(
            verify(&s.public_hex(), "{\"round\":2}", &sig),
            Err(SealError::WrongKey)
        );
        assert_eq!(
            verify(&other.public_hex(), "{\"round\":1}", &sig),
            Err(SealError::WrongKey)
        );
        assert_eq!(
            verify(&s.public_hex(), "x", "nothex"),
            Err(SealError::Malformed)
        );
    }
}
