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

/// The VALUES of a multi-row INSERT: `row`, one row's tuple whose placeholders are `$1` to
/// `$width`, written `rows` times, each time numbered on (`($1, $2), ($3, $4)`).
pub fn numbered_rows(row: &str, width: usize, rows: usize) -> String {
    let mut sql = String::with_capacity((row.len() + 16) * rows);
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        let mut rest = row;
        while let Some(at) = rest.find('$') {
            sql.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let n: usize = rest[..digits].parse().unwrap_or(0);
            sql.push_str(&(n + i * width).to_string());
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
    use super::numbered_rows;

    #[test]
    fn each_row_is_numbered_on_and_a_repeated_placeholder_stays_repeated() {
        assert_eq!(numbered_rows("($1, $2, $2)", 2, 3), "($1, $2, $2), ($3, $4, $4), ($5, $6, $6)");
        assert_eq!(numbered_rows("($1, $10, $11)", 11, 2), "($1, $10, $11), ($12, $21, $22)");
        assert_eq!(numbered_rows("($1)", 1, 0), "");
    }
}
