//! A commit that no key opens, as a hostile server writes it
//! (`docs/threat-model.md`, `Garbage(n)`): a well-formed RFC 9420
//! `MLSMessage` carrying a `PrivateMessage` of content type commit on top of
//! epoch `n`, whose group id, sender data and ciphertext are the server's
//! own bytes. The server needs no MLS library for this, only the wire format.

/// RFC 9420 §6: `mls10`.
const VERSION_MLS10: u16 = 1;
/// RFC 9420 §6: `mls_private_message`.
const WIRE_FORMAT_PRIVATE_MESSAGE: u16 = 2;
/// RFC 9420 §6: `ContentType.commit`.
const CONTENT_TYPE_COMMIT: u8 = 3;

/// RFC 9420 §2.1.2: a vector's length as a variable-size integer (the
/// lengths here are all below 2^14).
fn put_vector(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = bytes.len();
    if len < 64 {
        out.push(len as u8);
    } else {
        out.extend_from_slice(&(0x4000 | len as u16).to_be_bytes());
    }
    out.extend_from_slice(bytes);
}

/// The bytes of a commit on top of epoch `epoch` that no key opens.
pub fn garbage_commit(epoch: u64) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&VERSION_MLS10.to_be_bytes());
    out.extend_from_slice(&WIRE_FORMAT_PRIVATE_MESSAGE.to_be_bytes());
    put_vector(&mut out, b"dcverify: a group nobody has");
    out.extend_from_slice(&epoch.to_be_bytes());
    out.push(CONTENT_TYPE_COMMIT);
    put_vector(&mut out, &[]);
    put_vector(&mut out, &[0x5a; 28]);
    put_vector(&mut out, &[0xa5; 96]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_and_the_lengths_are_where_rfc_9420_puts_them() {
        let bytes = garbage_commit(0x0102);
        assert_eq!(&bytes[..4], &[0, 1, 0, 2]);
        let group_len = usize::from(bytes[4]);
        let epoch_at = 5 + group_len;
        assert_eq!(&bytes[epoch_at..epoch_at + 8], &0x0102u64.to_be_bytes());
        assert_eq!(bytes[epoch_at + 8], CONTENT_TYPE_COMMIT);
        // Lengths of 64 and more take two bytes, with the top bits 01.
        let mut edge = Vec::new();
        put_vector(&mut edge, &[0; 63]);
        put_vector(&mut edge, &[0; 64]);
        assert_eq!((edge[0], edge[64], edge[65]), (63, 0x40, 64));
        let mut long = Vec::new();
        put_vector(&mut long, &[0; 96]);
        assert_eq!(&long[..2], &[0x40, 96]);
        assert_eq!(long.len(), 98);
    }
}
