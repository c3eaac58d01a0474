-- PostgreSQL's 0021 samples more of search_key for its planner's estimates. SQLite's plan of a
-- search anywhere is chosen by the portal from the trigram index's count (db::dashboard), so there
-- is nothing to change here; the migration keeps both engines' numbering in step.
SELECT 1;
