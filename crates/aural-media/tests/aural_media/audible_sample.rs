//! Encrypted Audible-like files made from an ffmpeg M4A, so decryption is tested for real.
//!
//! ffmpeg decrypts by the `ftyp` brand: `aaxc` files with the voucher's key and IV as given,
//! `aax ` files with a key derived from the account's activation bytes and the `adrm` atom of
//! the sample entry (libavformat/mov.c, `mov_read_adrm` and `aax_filter`). Each sample is
//! AES-128-CBC encrypted from its start, whole 16-byte blocks only, the IV reset per sample.
//! These helpers do the reverse of that.

use std::path::Path;
use std::process::Command;

use aes::cipher::{BlockEncryptMut, KeyIvInit, block_padding::NoPadding};
use anyhow::{Context, Result, bail, ensure};
use sha1::{Digest, Sha1};

type Encryptor = cbc::Encryptor<aes::Aes128>;

/// ffmpeg's default `audible_fixed_key`, the constant every AAX key derivation starts from.
const FIXED_KEY: [u8; 16] = [
    0x77, 0x21, 0x4d, 0x4b, 0x19, 0x6a, 0x87, 0xcd, 0x52, 0x00, 0x45, 0xfd, 0x20, 0xa5, 0x1d, 0x67,
];

/// An M4A of `seconds` with the given chapters (start ms, end ms, title) and title, branded
/// `brand`, with its index at the end (so growing the index moves no sample).
fn branded_m4a(
    path: &Path,
    seconds: u32,
    title: &str,
    chapters: &[(u64, u64, &str)],
    brand: &str,
) -> Result<()> {
    let meta = path.with_extension("ffmeta");
    let mut text = String::from(";FFMETADATA1\n");
    for (start, end, title) in chapters {
        text.push_str(&format!(
            "[CHAPTER]\nTIMEBASE=1/1000\nSTART={start}\nEND={end}\ntitle={title}\n"
        ));
    }
    std::fs::write(&meta, text)?;
    let out = Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!(
            "sine=frequency=330:duration={seconds}:sample_rate=22050"
        ))
        .arg("-i")
        .arg(&meta)
        .args([
            "-map",
            "0:a",
            "-map_chapters",
            "1",
            "-c:a",
            "aac",
            "-b:a",
            "32k",
            "-ac",
            "1",
        ])
        .args([
            "-metadata",
            &format!("title={title}"),
            "-f",
            "ipod",
            "-brand",
            brand,
        ])
        .arg(path)
        .output()
        .context("ffmpeg runs")?;
    std::fs::remove_file(meta)?;
    if !out.status.success() {
        bail!("ffmpeg: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

/// Byte ranges (position, size) of the audio samples, as ffprobe finds them.
fn sample_ranges(path: &Path) -> Result<Vec<(usize, usize)>> {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-select_streams",
            "a:0",
            "-show_entries",
            "packet=size,pos",
        ])
        .args(["-of", "csv=p=0"])
        .arg(path)
        .output()?;
    ensure!(out.status.success(), "ffprobe lists packets");
    let ranges: Vec<(usize, usize)> = String::from_utf8(out.stdout)?
        .lines()
        .filter_map(|l| {
            let mut fields = l.split(',').map(|f| f.trim().parse::<usize>().ok());
            let size = fields.next()??;
            let pos = fields.next()??;
            Some((pos, size))
        })
        .collect();
    ensure!(ranges.len() > 10, "the sample has audio packets");
    Ok(ranges)
}

fn encrypt_samples(bytes: &mut [u8], ranges: &[(usize, usize)], key: &[u8; 16], iv: &[u8; 16]) {
    for &(pos, size) in ranges {
        let whole = size / 16 * 16;
        Encryptor::new(key.into(), iv.into())
            .encrypt_padded_mut::<NoPadding>(&mut bytes[pos..pos + whole], whole)
            .expect("whole blocks need no padding");
    }
}

/// An AAXC file: brand `aaxc`, samples encrypted with `key`/`iv`.
pub fn aaxc(
    path: &Path,
    seconds: u32,
    chapters: &[(u64, u64, &str)],
    key: &[u8; 16],
    iv: &[u8; 16],
) -> Result<()> {
    branded_m4a(path, seconds, "AAXC Sample", chapters, "aaxc")?;
    let ranges = sample_ranges(path)?;
    let mut bytes = std::fs::read(path)?;
    encrypt_samples(&mut bytes, &ranges, key, iv);
    std::fs::write(path, bytes)?;
    Ok(())
}

/// An AAX file for the account whose activation bytes are `activation`: brand `aax `, an
/// `adrm` atom holding the file key encrypted for those bytes, samples encrypted with it.
pub fn aax(
    path: &Path,
    seconds: u32,
    chapters: &[(u64, u64, &str)],
    activation: [u8; 4],
) -> Result<()> {
    branded_m4a(path, seconds, "AAX Sample", chapters, "aax ")?;
    let ranges = sample_ranges(path)?;
    let sha1 = |parts: &[&[u8]]| -> [u8; 20] {
        let mut h = Sha1::new();
        for p in parts {
            h.update(p);
        }
        h.finalize().into()
    };
    let intermediate_key = sha1(&[&FIXED_KEY, &activation]);
    let intermediate_iv = sha1(&[&FIXED_KEY, &intermediate_key, &activation]);
    let checksum = sha1(&[&intermediate_key[..16], &intermediate_iv[..16]]);
    let file_key: [u8; 16] = *b"sample-file-key!";
    let iv_seed: [u8; 16] = *b"sample-iv-seed!!";
    // The blob's first 48 bytes decrypt to: activation bytes reversed, 4 spare bytes, the file
    // key at 8, 2 spare bytes, the IV seed at 26.
    let mut blob = [0u8; 56];
    for i in 0..4 {
        blob[3 - i] = activation[i];
    }
    blob[8..24].copy_from_slice(&file_key);
    blob[26..42].copy_from_slice(&iv_seed);
    let ik: [u8; 16] = intermediate_key[..16].try_into()?;
    let iiv: [u8; 16] = intermediate_iv[..16].try_into()?;
    Encryptor::new(&ik.into(), &iiv.into())
        .encrypt_padded_mut::<NoPadding>(&mut blob[..48], 48)
        .expect("whole blocks need no padding");
    let file_iv: [u8; 16] = sha1(&[&iv_seed, &file_key, &FIXED_KEY])[..16].try_into()?;

    let mut adrm = Vec::with_capacity(96);
    adrm.extend(96u32.to_be_bytes());
    adrm.extend(b"adrm");
    adrm.extend([0u8; 8]);
    adrm.extend(blob);
    adrm.extend([0u8; 4]);
    adrm.extend(checksum);

    let mut bytes = std::fs::read(path)?;
    encrypt_samples(&mut bytes, &ranges, &file_key, &file_iv);
    insert_into_sample_entry(&mut bytes, &adrm)?;
    std::fs::write(path, bytes)?;
    Ok(())
}

fn be32(bytes: &[u8], at: usize) -> usize {
    u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize
}

/// The offset and size of the first child atom named `name` between `start` and `end`.
fn child(bytes: &[u8], start: usize, end: usize, name: &[u8; 4]) -> Result<(usize, usize)> {
    let mut at = start;
    while at + 8 <= end {
        let size = be32(bytes, at);
        ensure!(size >= 8, "atom sizes are at least 8");
        if &bytes[at + 4..at + 8] == name {
            return Ok((at, size));
        }
        at += size;
    }
    bail!("no {} atom", String::from_utf8_lossy(name))
}

/// Appends `atom` inside the first sample entry of the first track (where ffmpeg looks for
/// `adrm`) and grows every enclosing atom. The index must follow the samples.
fn insert_into_sample_entry(bytes: &mut Vec<u8>, atom: &[u8]) -> Result<()> {
    let (mdat, _) = child(bytes, 0, bytes.len(), b"mdat")?;
    let mut grow = Vec::new();
    let (mut start, mut end) = (0, bytes.len());
    for name in [b"moov", b"trak", b"mdia", b"minf", b"stbl", b"stsd"] {
        let (at, size) = child(bytes, start, end, name)?;
        grow.push(at);
        start = at + 8;
        end = at + size;
    }
    ensure!(grow[0] > mdat, "the index (moov) is after the samples");
    let entry = start + 8; // stsd: version, flags, entry count
    grow.push(entry);
    let insert_at = entry + be32(bytes, entry);
    bytes.splice(insert_at..insert_at, atom.iter().copied());
    for at in grow {
        let size = u32::try_from(be32(bytes, at) + atom.len())?;
        bytes[at..at + 4].copy_from_slice(&size.to_be_bytes());
    }
    Ok(())
}
