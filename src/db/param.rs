//! Values bound to SQL built at run time (a dashboard's filters, a queue's view and cursor): kept
//! in the order of their placeholders, then bound by `bind_params!`.

use super::Timestamp;

/// A value bound to a query, in order.
pub enum Param {
    Int(i64),
    Text(String),
    Time(Timestamp),
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
