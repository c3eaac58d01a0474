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

/// Where the two engines' SQL differs in what the portal writes at run time. SQLite takes `?`
/// placeholders, bound in order, which a long statement needs: sqlx asks SQLite each placeholder's
/// name, and SQLite finds a name by walking the statement's list of them, so binding a statement
/// of `$n` costs the square of its placeholders (18% of a sweep at 500 rows of eleven); a `?` has
/// no name. PostgreSQL knows only `$n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The dialect of the engine a transaction runs on.
    pub fn of<DB: sqlx::Database>(_: &sqlx::Transaction<'_, DB>) -> Dialect {
        if DB::NAME == <sqlx::Sqlite as sqlx::Database>::NAME { Dialect::Sqlite } else { Dialect::Postgres }
    }

    /// The ids in `placeholder`, a JSON array of numbers, as a set for `IN (…)`: one statement text
    /// for any number of ids, prepared once.
    pub fn ids_in(self, placeholder: &str) -> String {
        match self {
            Dialect::Sqlite => format!("SELECT value FROM json_each({placeholder})"),
            Dialect::Postgres => format!("SELECT value::bigint FROM json_array_elements_text({placeholder}::json)"),
        }
    }
}

/// Numbers as a JSON array, for `Dialect::ids_in`.
pub fn json_list(numbers: &[i64]) -> String {
    format!("[{}]", number_list(numbers))
}

/// The VALUES of a multi-row INSERT: `row`, one row's tuple whose placeholders are `$1` to
/// `$width`, each once and in order, written `rows` times, each time numbered on (`($1, $2), ($3,
/// $4)`), or on SQLite every one a `?` (`(?, ?), (?, ?)`).
pub fn numbered_rows(row: &str, width: usize, rows: usize, dialect: Dialect) -> String {
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
            match dialect {
                Dialect::Postgres => sql.push_str(&format!("${}", n + i * width)),
                Dialect::Sqlite => sql.push('?'),
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
    use super::Dialect::{Postgres as Numbered, Sqlite as Positional};
    use super::numbered_rows;

    #[test]
    fn each_row_is_numbered_on_or_every_value_is_positional() {
        assert_eq!(numbered_rows("($1, $2)", 2, 3, Numbered), "($1, $2), ($3, $4), ($5, $6)");
        assert_eq!(numbered_rows("($1, $10, $11)", 11, 2, Numbered), "($1, $10, $11), ($12, $21, $22)");
        assert_eq!(numbered_rows("($1, lower($2))", 2, 2, Positional), "(?, lower(?)), (?, lower(?))");
        assert_eq!(numbered_rows("($1)", 1, 0, Numbered), "");
    }
}
