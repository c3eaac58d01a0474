//! Who is asking: passwords, sessions, sign-in throttling and CSRF tokens.

pub mod password;
pub mod sign_in;
pub mod tokens;
