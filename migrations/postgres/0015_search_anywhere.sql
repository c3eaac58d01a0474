-- Search anywhere: any part of a customer's name, domain or a claim's name. `search_key` holds the
-- three lower-cased (in Rust, so both engines fold alike), one to a line, so a search never matches
-- across two of them. A pg_trgm GIN index serves `search_key LIKE '%…%'`; the planner chooses between
-- it (few matches) and walking the chosen sort order (many) from the column's statistics.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE claims ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
UPDATE claims SET search_key = customer_key || E'\n' || lower(customer_domain) || E'\n' || lower(name);
CREATE INDEX claims_search ON claims USING gin (search_key gin_trgm_ops);
