//! A UTC instant as both databases store it. PostgreSQL keeps `timestamptz`; SQLite keeps text in
//! one fixed-width RFC 3339 form, so that comparing and sorting the text compares the instants
//! (sqlx's own encoding drops trailing zero digits, which breaks text ordering).

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// The fixed-width text form: `2026-11-21T09:30:00.000000Z`.
    pub fn to_text(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Micros, true)
    }

    pub fn parse_text(s: &str) -> Option<Timestamp> {
        DateTime::parse_from_rfc3339(s).ok().map(|t| Timestamp(t.with_timezone(&Utc)))
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Self {
        Timestamp(t)
    }
}

impl Type<Sqlite> for Timestamp {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <DateTime<Utc> as Type<Sqlite>>::compatible(ty) || <String as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for Timestamp {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(self.to_text(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Timestamp {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Timestamp(<DateTime<Utc> as Decode<Sqlite>>::decode(value)?))
    }
}

impl Type<Postgres> for Timestamp {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Timestamp {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Timestamp {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Timestamp(<DateTime<Utc> as Decode<Postgres>>::decode(value)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_form_is_fixed_width_and_sorts_like_time() {
        let a = Timestamp::parse_text("2026-11-21T09:30:00Z").expect("time");
        let b = Timestamp::parse_text("2026-11-21T09:30:00.5Z").expect("time");
        assert_eq!(a.to_text(), "2026-11-21T09:30:00.000000Z");
        assert_eq!(a.to_text().len(), b.to_text().len());
        assert!(a.to_text() < b.to_text());
        assert_eq!(Timestamp::parse_text(&b.to_text()), Some(b));
    }
}
