//! Values bound to SQL built at run time (a dashboard's filters, a queue's view and cursor): kept
//! in the order of their placeholders, then bound by `bind_params!`.

use super::Timestamp;

/// A value bound to a query, in order.
pub enum Param {
    Int(i64),
    Text(String),
    Time(Timestamp),
}

/// Numbers from the code (claim ids, org ids), written into SQL text as a list for `IN (…)`: a
/// batch's statement says which rows it reads in one text instead of a bound value each.
pub fn number_list(numbers: &[i64]) -> String {
    numbers.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

/// How an engine's statements name their values: PostgreSQL only by number (`$1`); SQLite also by
/// position (`?`), which a long statement needs. sqlx asks SQLite each placeholder's name, and
/// SQLite finds a name by walking the statement's list of them, so binding a statement of `$n`
/// costs the square of its placeholders (18% of a sweep at 500 rows of eleven); a `?` has no name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholders {
    Numbered,
    Positional,
}

impl Placeholders {
    /// The placeholders of the engine a transaction runs on.
    pub fn of<DB: sqlx::Database>(_: &sqlx::Transaction<'_, DB>) -> Placeholders {
        if DB::NAME == <sqlx::Sqlite as sqlx::Database>::NAME { Placeholders::Positional } else { Placeholders::Numbered }
    }
}

/// The VALUES of a multi-row INSERT: `row`, one row's tuple whose placeholders are `$1` to
/// `$width`, each once and in order, written `rows` times, each time numbered on (`($1, $2), ($3,
/// $4)`), or every one a `?` (`(?, ?), (?, ?)`).
pub fn numbered_rows(row: &str, width: usize, rows: usize, placeholders: Placeholders) -> String {
    let mut sql = String::with_capacity((row.len() + 16) * rows);
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        let mut rest = row;
        while let Some(at) = rest.find('$') {
            sql.push_str(&rest[..at]);
            rest = &rest[at + 1..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let n: usize = rest[..digits].parse().unwrap_or(0);
            match placeholders {
                Placeholders::Numbered => sql.push_str(&format!("${}", n + i * width)),
                Placeholders::Positional => sql.push('?'),
            }
            rest = &rest[digits..];
        }
        sql.push_str(rest);
    }
    sql
}

/// Binds `params` in order to `query` (any `sqlx::query*` of either engine).
#[macro_export]
macro_rules! bind_params {
    ($query:expr, $params:expr) => {{
        let mut query = $query;
        for param in $params {
            query = match param {
                $crate::db::param::Param::Int(v) => query.bind(v),
                $crate::db::param::Param::Text(v) => query.bind(v),
                $crate::db::param::Param::Time(v) => query.bind(v),
            };
        }
        query
    }};
}

#[cfg(test)]
mod tests {
    use super::Placeholders::{Numbered, Positional};
    use super::numbered_rows;

    #[test]
    fn each_row_is_numbered_on_or_every_value_is_positional() {
        assert_eq!(numbered_rows("($1, $2)", 2, 3, Numbered), "($1, $2), ($3, $4), ($5, $6)");
        assert_eq!(numbered_rows("($1, $10, $11)", 11, 2, Numbered), "($1, $10, $11), ($12, $21, $22)");
        assert_eq!(numbered_rows("($1, lower($2))", 2, 2, Positional), "(?, lower(?)), (?, lower(?))");
        assert_eq!(numbered_rows("($1)", 1, 0, Numbered), "");
    }
}
