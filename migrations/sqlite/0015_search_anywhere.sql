-- Search anywhere: any part of a customer's name, domain or a claim's name. `search_key` holds the
-- three lower-cased (in Rust, so any script folds), one to a line, so a search never matches across
-- two of them. An FTS5 trigram index over it finds the few claims a rare search matches; a common one
-- walks the chosen sort order instead and tests `search_key` (db::dashboard chooses by the count).
-- detail=none keeps the index small (no positions): a search of more than three characters asks for
-- all its trigrams and the row's `search_key` confirms the match.
ALTER TABLE claims ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
UPDATE claims SET search_key = customer_key || char(10) || lower(customer_domain) || char(10) || lower(name);

-- The dashboard's default order carries `search_key`, so a common search walks it without reading
-- a single claim it does not show.
DROP INDEX claims_by_last_change;
CREATE INDEX claims_by_last_change ON claims (org_id, updated_at, id, search_key);

CREATE VIRTUAL TABLE claim_search USING fts5(
    search_key, content = 'claims', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
);
INSERT INTO claim_search (claim_search) VALUES ('rebuild');

CREATE TRIGGER claim_search_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claim_search (rowid, search_key) VALUES (NEW.id, NEW.search_key);
END;
CREATE TRIGGER claim_search_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claim_search (claim_search, rowid, search_key) VALUES ('delete', OLD.id, OLD.search_key);
END;
CREATE TRIGGER claim_search_update AFTER UPDATE OF search_key ON claims
WHEN OLD.search_key <> NEW.search_key BEGIN
    INSERT INTO claim_search (claim_search, rowid, search_key) VALUES ('delete', OLD.id, OLD.search_key);
    INSERT INTO claim_search (rowid, search_key) VALUES (NEW.id, NEW.search_key);
END;
