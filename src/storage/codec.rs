//! How the workspace is packed into localStorage: the JSON, deflated and
//! written 15 bits to a character. A browser gives an origin about five
//! million characters; 10,000 stories take about seven million as JSON and
//! under half a million packed. Plain JSON (what earlier builds stored)
//! still reads.

use std::fmt;

/// Marks packed text, with the packing's version.
const PREFIX: &str = "tandem-deflate-v1:";
/// Characters used for 15-bit groups start here: U+1000 to U+8FFF is all
/// valid text (below the surrogates), so no browser alters it.
const BASE: u32 = 0x1000;
/// Largest unpacked workspace accepted (a corrupt value must not exhaust memory).
const MAX_UNPACKED: usize = 256 * 1024 * 1024;
/// Fast compression: autosave runs after edits, so speed beats the last few percent.
const LEVEL: u8 = 1;

/// Why stored text could not be unpacked.
#[derive(Clone, Debug, PartialEq)]
pub struct CodecError(String);

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the stored data is damaged ({})", self.0)
    }
}

/// Packs JSON text for storage.
pub fn pack(json: &str) -> String {
    pack_deflated(&miniz_oxide::deflate::compress_to_vec(
        json.as_bytes(),
        LEVEL,
    ))
}

/// Deflates one piece of a longer text so that pieces can be deflated
/// apart (and kept) and then joined with [`finish_pieces`]: each ends on a
/// byte boundary with a sync flush and none ends the stream.
pub fn deflate_piece(text: &[u8]) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        CompressorOxide, TDEFLFlush, TDEFLStatus, compress, create_comp_flags_from_zip_params,
    };
    let mut compressor =
        CompressorOxide::new(create_comp_flags_from_zip_params(i32::from(LEVEL), 0, 0));
    // Room for incompressible text and the block headers, so that one call
    // normally does it all.
    let mut out = vec![0; text.len() + text.len() / 8 + 64];
    let (mut input, mut used) = (text, 0);
    loop {
        let (status, read, written) =
            compress(&mut compressor, input, &mut out[used..], TDEFLFlush::Sync);
        used += written;
        input = input.get(read..).unwrap_or_default();
        let room = out.len() - used;
        match status {
            TDEFLStatus::Okay if input.is_empty() && room > 0 => break,
            TDEFLStatus::Okay => out.resize(out.len() * 2, 0),
            // Only a bad parameter gets here; a stored block is always valid.
            _ => return stored_piece(text),
        }
    }
    out.truncate(used);
    out
}

/// `text` as uncompressed (stored) deflate blocks, none of them final.
fn stored_piece(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 65_535 * 5 + 5);
    for block in text.chunks(65_535) {
        let len = block.len() as u16;
        out.push(0);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out
}

/// Joins pieces from [`deflate_piece`] into one deflate stream and packs it.
pub fn finish_pieces<'a>(pieces: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut bytes = Vec::new();
    for piece in pieces {
        bytes.extend_from_slice(piece);
    }
    // An empty final block (fixed Huffman codes) ends the stream.
    bytes.extend_from_slice(&[0x03, 0x00]);
    pack_deflated(&bytes)
}

fn pack_deflated(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(PREFIX.len() + 12 + bytes.len() * 8 / 15 + 1);
    out.push_str(PREFIX);
    out.push_str(&bytes.len().to_string());
    out.push(':');
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        if bits >= 15 {
            bits -= 15;
            push_group(&mut out, (buffer >> bits) & 0x7fff);
        }
    }
    if bits > 0 {
        push_group(&mut out, (buffer << (15 - bits)) & 0x7fff);
    }
    out
}

fn push_group(out: &mut String, group: u32) {
    // BASE + a 15-bit group is always a valid char.
    if let Some(c) = char::from_u32(BASE + group) {
        out.push(c);
    }
}

/// Unpacks stored text; text without the mark is returned as it is.
pub fn unpack(stored: &str) -> Result<String, CodecError> {
    if !stored.starts_with(PREFIX) {
        return Ok(stored.to_string());
    }
    let json = unpack_bytes(stored)?;
    String::from_utf8(json).map_err(|_| CodecError("not text".into()))
}

/// Packs bytes (a shared workspace's document) the same way as JSON.
pub fn pack_bytes(bytes: &[u8]) -> String {
    pack_deflated(&miniz_oxide::deflate::compress_to_vec(bytes, LEVEL))
}

/// Unpacks what [`pack_bytes`] (or [`pack`]) packed.
pub fn unpack_bytes(stored: &str) -> Result<Vec<u8>, CodecError> {
    let rest = stored
        .strip_prefix(PREFIX)
        .ok_or_else(|| CodecError("not packed".into()))?;
    let (length, data) = rest
        .split_once(':')
        .ok_or_else(|| CodecError("no length".into()))?;
    let length: usize = length
        .parse()
        .map_err(|_| CodecError("bad length".into()))?;
    let mut bytes = Vec::with_capacity(length);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in data.chars() {
        let group = u32::from(c)
            .checked_sub(BASE)
            .filter(|g| *g <= 0x7fff)
            .ok_or_else(|| CodecError("unexpected character".into()))?;
        buffer = ((buffer << 15) | group) & 0x3f_ffff;
        bits += 15;
        while bits >= 8 && bytes.len() < length {
            bits -= 8;
            bytes.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    if bytes.len() != length {
        return Err(CodecError("truncated".into()));
    }
    miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_UNPACKED)
        .map_err(|e| CodecError(format!("{:?}", e.status)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_pack_and_unpack_and_plain_text_is_not_taken_for_them() {
        let bytes: Vec<u8> = (0..5_000u32).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(unpack_bytes(&pack_bytes(&bytes)), Ok(bytes));
        assert_eq!(unpack_bytes(&pack_bytes(&[])), Ok(Vec::new()));
        assert!(unpack_bytes("{\"format\":1}").is_err());
    }

    #[test]
    fn packing_round_trips_and_shrinks() {
        let json = format!(
            "{{\"stories\":[{}]}}",
            "{\"title\":\"Delete my profile ünïcode “q”\"},".repeat(500)
        );
        let packed = pack(&json);
        assert!(packed.starts_with(PREFIX));
        assert!(
            packed.chars().count() * 10 < json.len(),
            "{} chars",
            packed.chars().count()
        );
        assert_eq!(unpack(&packed), Ok(json));
        for n in 0..40 {
            let text = "x".repeat(n);
            assert_eq!(unpack(&pack(&text)).as_deref(), Ok(text.as_str()), "{n}");
        }
    }

    #[test]
    fn pieces_deflated_apart_join_into_one_stream() {
        let parts = [
            String::new(),
            "{\"stories\":[".to_string(),
            "{\"title\":\"Delete my profile\"},".repeat(300),
            "x".into(),
            (0..70_000u32)
                .map(|i| char::from_u32(0x100 + (i * 7919) % 5000).unwrap_or('y'))
                .collect(),
            "]}".into(),
        ];
        let pieces: Vec<Vec<u8>> = parts.iter().map(|p| deflate_piece(p.as_bytes())).collect();
        let packed = finish_pieces(pieces.iter().map(Vec::as_slice));
        assert_eq!(unpack(&packed), Ok(parts.concat()));
        let stored: Vec<Vec<u8>> = parts.iter().map(|p| stored_piece(p.as_bytes())).collect();
        let packed = finish_pieces(stored.iter().map(Vec::as_slice));
        assert_eq!(unpack(&packed), Ok(parts.concat()));
        assert_eq!(unpack(&finish_pieces([])), Ok(String::new()));
    }

    #[test]
    fn plain_json_passes_through() {
        assert_eq!(unpack("{\"a\":1}").as_deref(), Ok("{\"a\":1}"));
    }

    #[test]
    fn damage_is_reported_not_panicked() {
        let packed = pack("{\"a\":\"some text that is long enough to matter\"}");
        let cut: String = packed.chars().take(packed.chars().count() - 3).collect();
        assert!(unpack(&cut).is_err());
        assert!(unpack(&format!("{PREFIX}12:abc")).is_err());
        assert!(unpack(&format!("{PREFIX}x:")).is_err());
        let mut flipped: Vec<char> = packed.chars().collect();
        let last = flipped.len() - 2;
        flipped[last] = char::from_u32(u32::from(flipped[last]) ^ 0x155).unwrap_or('x');
        let flipped: String = flipped.into_iter().collect();
        assert_ne!(
            unpack(&flipped).ok().as_deref(),
            Some("{\"a\":\"some text that is long enough to matter\"}")
        );
    }
}
