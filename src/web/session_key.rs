//! The key session cookies are encrypted with: from configuration, or made once and kept in the
//! data directory (readable by this user only), never regenerated per start, so a restart keeps
//! everyone signed in.

use crate::config::Settings;
use actix_web::cookie::Key;
use anyhow::Context;

const FILE: &str = "session.key";

pub fn load_or_create(settings: &Settings) -> anyhow::Result<Key> {
    if let Some(hex_key) = &settings.session_key {
        let bytes = hex::decode(hex_key.trim()).context("the session key must be hexadecimal")?;
        anyhow::ensure!(bytes.len() >= 64, "the session key must be at least 64 bytes (128 hex digits)");
        return Ok(Key::from(&bytes));
    }
    let path = settings.data_dir.join(FILE);
    if let Ok(text) = std::fs::read_to_string(&path) {
        let bytes = hex::decode(text.trim()).with_context(|| format!("{} is not a session key", path.display()))?;
        anyhow::ensure!(bytes.len() >= 64, "{} holds too short a session key", path.display());
        return Ok(Key::from(&bytes));
    }
    let key = Key::generate();
    write_private(&path, &hex::encode(key.master())).with_context(|| format!("cannot write the session key to {}", path.display()))?;
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
