-- ---------------------------------------------------------------------------------------------
-- Hand-written (no change to schema.prisma; the snapshot beside this file equals the previous one).
-- A published version is immutable: runs are pinned to it, promotions and diffs compare against
-- it, and its content hash is in the audit trail. Publishing only ever inserts; nothing in the
-- product updates or deletes a version, so the database refuses both, whatever code or person
-- holds a connection (the same approach as AuditEvent in the init migration).

-- CreateFunction
CREATE FUNCTION "flow_version_immutable"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'FlowVersion rows are immutable (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- CreateTrigger
CREATE TRIGGER "FlowVersion_no_update_delete"
    BEFORE UPDATE OR DELETE ON "FlowVersion"
    FOR EACH ROW EXECUTE FUNCTION "flow_version_immutable"();
