//! What the customer associations dashboard is asked for: search, filters, sort and the page,
//! parsed from the URL. Unknown values fall back to the defaults rather than failing, so an old
//! bookmark still opens the dashboard.

use super::claim::{ClaimStatus, Program, SolutionArea};
use super::claim_id::ClaimId;
use super::guid::Guid;
use serde::Deserialize;

/// The columns a dashboard may be sorted by: this allow-list is all that ever reaches SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    ClaimId,
    Name,
    Customer,
    TenantId,
    Program,
    Products,
    Status,
    LastChange,
}

impl SortColumn {
    pub const ALL: [SortColumn; 8] = [
        SortColumn::ClaimId,
        SortColumn::Name,
        SortColumn::Customer,
        SortColumn::TenantId,
        SortColumn::Program,
        SortColumn::Products,
        SortColumn::Status,
        SortColumn::LastChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortColumn::ClaimId => "claim-id",
            SortColumn::Name => "name",
            SortColumn::Customer => "customer",
            SortColumn::TenantId => "tenant-id",
            SortColumn::Program => "program",
            SortColumn::Products => "products",
            SortColumn::Status => "status",
            SortColumn::LastChange => "last-change",
        }
    }

    pub fn parse(s: &str) -> Option<SortColumn> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ascending => "asc",
            Direction::Descending => "desc",
        }
    }

    pub fn reversed(self) -> Direction {
        match self {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        }
    }
}

/// What the search box asked for, judged by its shape so each kind uses its own index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    Everything,
    ClaimId(ClaimId),
    TenantId(Guid),
    /// Too short to search inside names (fewer than `Search::ANYWHERE_FROM` characters): the start
    /// of a customer name or domain, lower-cased.
    Prefix(String),
    /// Any part of a customer's name, domain or a claim's name, lower-cased, as found in
    /// `search_key`.
    Anywhere(String),
}

impl Search {
    /// Searches inside names need this many characters (an index of trigrams serves them).
    pub const ANYWHERE_FROM: usize = 3;
    const LONGEST: usize = 200;

    pub fn parse(text: &str) -> Search {
        let text = text.trim();
        if text.is_empty() {
            Search::Everything
        } else if let Some(id) = ClaimId::parse(text) {
            Search::ClaimId(id)
        } else if let Some(guid) = Guid::parse(text) {
            Search::TenantId(guid)
        } else {
            // Control characters (a line break from a pasted cell) would match across the fields of
            // `search_key`: they become spaces.
            let text: String =
                text.chars().take(Self::LONGEST).map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().to_lowercase();
            if text.chars().count() >= Self::ANYWHERE_FROM { Search::Anywhere(text) } else { Search::Prefix(text) }
        }
    }
}

/// What a search anywhere looks in: the customer's name, domain and the claim's name, lower-cased,
/// one to a line. Stored with each claim (`claims.search_key`) and indexed by trigrams.
pub fn search_key(customer_name: &str, customer_domain: &str, claim_name: &str) -> String {
    format!("{}\n{}\n{}", customer_name.to_lowercase(), customer_domain.to_lowercase(), claim_name.to_lowercase())
}

/// The position of a page in the sorted list: the sort value and id of the row it starts after
/// (or ends before). Keyset pagination keeps every page as cheap as the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub value: String,
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.id, hex::encode(self.value.as_bytes()))
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let (id, value) = s.split_once('.')?;
        Some(Cursor { id: id.parse().ok()?, value: String::from_utf8(hex::decode(value).ok()?).ok()? })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStart {
    First,
    After(Cursor),
    Before(Cursor),
}

/// The raw query string of the dashboard and its export.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DashboardParams {
    pub q: Option<String>,
    pub status: Option<String>,
    pub area: Option<String>,
    pub program: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardQuery {
    /// The search text as typed, for the search box.
    pub text: String,
    pub search: Search,
    pub status: Option<ClaimStatus>,
    pub area: Option<SolutionArea>,
    pub program: Option<Program>,
    pub sort: SortColumn,
    pub direction: Direction,
    pub start: PageStart,
}

impl DashboardQuery {
    pub const PAGE_SIZE: usize = 50;

    pub fn from_params(params: &DashboardParams) -> DashboardQuery {
        let text = params.q.clone().unwrap_or_default().trim().to_owned();
        let sort = params.sort.as_deref().and_then(SortColumn::parse).unwrap_or(SortColumn::LastChange);
        let default_direction = if sort == SortColumn::LastChange { Direction::Descending } else { Direction::Ascending };
        let direction = match params.dir.as_deref() {
            Some("asc") => Direction::Ascending,
            Some("desc") => Direction::Descending,
            _ => default_direction,
        };
        let start = match (params.after.as_deref().and_then(Cursor::decode), params.before.as_deref().and_then(Cursor::decode)) {
            (Some(c), _) => PageStart::After(c),
            (None, Some(c)) => PageStart::Before(c),
            (None, None) => PageStart::First,
        };
        DashboardQuery {
            search: Search::parse(&text),
            text,
            status: params.status.as_deref().and_then(ClaimStatus::parse),
            area: params.area.as_deref().and_then(SolutionArea::parse),
            program: params.program.as_deref().and_then(Program::parse),
            sort,
            direction,
            start,
        }
    }

    /// The query string that reproduces this search, filters and sort (without the page),
    /// with `sort` and `dir` replaced when given.
    pub fn query_string(&self, sort: Option<(SortColumn, Direction)>) -> String {
        let (sort, direction) = sort.unwrap_or((self.sort, self.direction));
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", &self.text));
        }
        if let Some(s) = self.status {
            pairs.push(("status", s.as_str()));
        }
        if let Some(a) = self.area {
            pairs.push(("area", a.as_str()));
        }
        if let Some(p) = self.program {
            pairs.push(("program", p.as_str()));
        }
        pairs.push(("sort", sort.as_str()));
        pairs.push(("dir", direction.as_str()));
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// Whether any search or filter narrows the list (the empty state differs).
    pub fn is_narrowed(&self) -> bool {
        self.search != Search::Everything || self.status.is_some() || self.area.is_some() || self.program.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> DashboardParams {
        serde_urlencoded::from_str(&serde_urlencoded::to_string(pairs).expect("encode")).expect("decode")
    }

    #[test]
    fn defaults_to_the_latest_change_first() {
        let q = DashboardQuery::from_params(&DashboardParams::default());
        assert!(!q.is_narrowed());
        assert_eq!((q.sort, q.direction, q.start), (SortColumn::LastChange, Direction::Descending, PageStart::First));
    }

    #[test]
    fn unknown_values_fall_back_to_defaults() {
        let q =
            DashboardQuery::from_params(&params(&[("sort", "password_hash"), ("dir", "sideways"), ("status", "lost"), ("after", "zz")]));
        assert_eq!(
            (q.sort, q.direction, q.status, q.start.clone()),
            (SortColumn::LastChange, Direction::Descending, None, PageStart::First)
        );
    }

    #[test]
    fn search_text_is_judged_by_its_shape() {
        assert_eq!(Search::parse("cp-7k2m-9qxa"), Search::ClaimId(ClaimId::parse("CP-7K2M-9QXA").expect("id")));
        assert!(matches!(Search::parse("8A1F2B3C-0D4E-4F5A-9B6C-7D8E9F0A1B2C"), Search::TenantId(_)));
        assert_eq!(Search::parse("  Contoso "), Search::Anywhere("contoso".into()));
        assert_eq!(Search::parse("Co"), Search::Prefix("co".into()));
        assert_eq!(Search::parse("ÁRV"), Search::Anywhere("árv".into()));
        assert_eq!(Search::parse("a\nb"), Search::Anywhere("a b".into()));
        assert_eq!(Search::parse(" "), Search::Everything);
    }

    #[test]
    fn the_search_key_keeps_each_field_on_its_line() {
        assert_eq!(search_key("Contoso Ltd", "Contoso.example", "Teams Rollout"), "contoso ltd\ncontoso.example\nteams rollout");
        assert_eq!(search_key("ООО Ромашка", "romashka.example", "Миграция"), "ооо ромашка\nromashka.example\nмиграция");
    }

    #[test]
    fn cursors_survive_the_url() {
        let c = Cursor { value: "Contoso & Co, 東京".into(), id: 42 };
        assert_eq!(Cursor::decode(&c.encode()), Some(c.clone()));
        let q = DashboardQuery::from_params(&params(&[("before", &c.encode())]));
        assert_eq!(q.start, PageStart::Before(c));
    }

    #[test]
    fn the_query_string_keeps_filters_and_replaces_the_sort() {
        let q = DashboardQuery::from_params(&params(&[("q", "contoso & co"), ("status", "editing"), ("program", "osa-sell")]));
        assert_eq!(
            q.query_string(Some((SortColumn::Name, Direction::Ascending))),
            "q=contoso+%26+co&status=editing&program=osa-sell&sort=name&dir=asc"
        );
        assert!(q.is_narrowed());
    }
}
