//! A UTC instant as both databases store it. PostgreSQL keeps `timestamptz`; SQLite keeps text in
//! one fixed-width RFC 3339 form, so that comparing and sorting the text compares the instants
//! (sqlx's own encoding drops trailing zero digits, which breaks text ordering).

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
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
        Timestamp::parse_fixed(s).or_else(|| DateTime::parse_from_rfc3339(s).ok().map(|t| Timestamp(t.with_timezone(&Utc))))
    }

    /// The fixed-width form `to_text` writes, read without a general parser (a page reads a
    /// hundred of them); anything else is left to `parse_text`'s RFC 3339 parser.
    fn parse_fixed(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() != 27
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'.'
            || b[26] != b'Z'
        {
            return None;
        }
        let number = |from: usize, to: usize| -> Option<u32> {
            b[from..to].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
        };
        let date = chrono::NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
        let time = chrono::NaiveTime::from_hms_micro_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?, number(20, 26)?)?;
        Some(Timestamp(date.and_time(time).and_utc()))
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

/// Read by the direct reads (`db::direct`) from the same text.
impl FromSql for Timestamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Timestamp::parse_text(text).ok_or_else(|| FromSqlError::Other(format!("{text:?} is not a time").into()))
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

    #[test]
    fn the_fixed_form_reads_as_the_general_parser_reads_it() {
        for text in ["2026-11-21T09:30:00.000000Z", "2026-02-28T23:59:59.999999Z", "1999-12-31T00:00:00.000001Z"] {
            let general = DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc);
            assert_eq!(Timestamp::parse_fixed(text), Some(Timestamp(general)), "{text}");
        }
        for text in
            ["2026-02-30T09:30:00.000000Z", "2026-11-21T24:30:00.000000Z", "2026-11-21T09:30:00.00000xZ", "2026-11-21 09:30:00.000000Z"]
        {
            assert_eq!(Timestamp::parse_fixed(text), None, "{text}");
        }
        assert!(Timestamp::parse_text("2026-11-21 09:30:00+01:00").is_some(), "other forms still read");
    }
}
