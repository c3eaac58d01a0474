-- Whether another org's active claim (submitted, under review, partner action required or
-- approved) holds one of the claim's workloads on its tenant: kept on the claim, so the review
-- queue shows and filters it without testing each row against its tenant's claims. Every write
-- that changes it recomputes it for the tenant's claims (db::competing::refresh_competing!).
ALTER TABLE claims ADD COLUMN competing BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE claims SET competing = TRUE
WHERE EXISTS (SELECT 1 FROM claims other
    JOIN claim_products op ON op.claim_id = other.id
    JOIN claim_products mp ON mp.claim_id = claims.id
    WHERE other.tenant_id = claims.tenant_id AND other.id <> claims.id AND other.org_id <> claims.org_id
      AND other.status IN ('submitted', 'under-review', 'partner-action-required', 'approved')
      AND ((op.subscription_id IS NOT NULL AND op.subscription_id = mp.subscription_id)
           OR (op.product_id = mp.product_id AND (op.subscription_id IS NULL OR mp.subscription_id IS NULL))));
