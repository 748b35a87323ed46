"""The database itself keeps the books balanced and append-only.

A deferred constraint trigger checks, at commit (or at the end of the
statement when a session sets the constraint IMMEDIATE), that the lines of
every entry touched sum to zero; another trigger refuses to update or
delete a journal line. A correction is a new entry."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION ledger_check_entry_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    total numeric;
BEGIN
    SELECT COALESCE(SUM(amount), 0) INTO total FROM ledger_journalline WHERE entry_id = NEW.entry_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'journal entry % does not balance: lines sum to %', NEW.entry_id, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER ledger_journalline_balanced
    AFTER INSERT ON ledger_journalline
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();

CREATE FUNCTION ledger_refuse_line_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'journal lines are append-only; post a correcting entry'
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER ledger_journalline_append_only
    BEFORE UPDATE OR DELETE ON ledger_journalline
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_line_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS ledger_journalline_append_only ON ledger_journalline;
DROP FUNCTION IF EXISTS ledger_refuse_line_change();
DROP TRIGGER IF EXISTS ledger_journalline_balanced ON ledger_journalline;
DROP FUNCTION IF EXISTS ledger_check_entry_balanced();
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
