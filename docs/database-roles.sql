-- The database and its two roles, for a PostgreSQL the service shares with nothing else
-- (docs/security.md, "PostgreSQL"; docs/operations.md). Run once as a superuser, with psql:
--
--   psql -h <host> -U postgres -d postgres -v ON_ERROR_STOP=1 \
--        -v migration_password='...' -v service_password='...' -f docs/database-roles.sql
--
-- coursevideo_migration owns the database and its schema: the init container "migrate" connects
-- as it (MIGRATION_DATASOURCE_USERNAME / _PASSWORD in the Secret) and Flyway creates and alters the
-- tables. coursevideo is the role the service runs as (QUARKUS_DATASOURCE_USERNAME in the
-- ConfigMap, QUARKUS_DATASOURCE_PASSWORD in the Secret): it reads and writes rows, and cannot
-- create, alter or drop anything. A stolen service password, or an injected statement, cannot
-- change the schema, drop a table or create a function that runs as someone else.
-- src/test/java/com/coursevideo/ops/DeploymentSettingsIT runs this file, migrates and serves under these roles.

CREATE ROLE coursevideo_migration LOGIN PASSWORD :'migration_password';
CREATE ROLE coursevideo LOGIN PASSWORD :'service_password';
CREATE DATABASE coursevideo OWNER coursevideo_migration;

\connect coursevideo

-- Nobody else connects; the service may connect and use temporary tables, nothing more.
REVOKE ALL ON DATABASE coursevideo FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE coursevideo TO coursevideo;

-- The schema belongs to the migration role (PostgreSQL 15 and later already refuse CREATE in
-- public to other roles; older versions granted it to everyone).
ALTER SCHEMA public OWNER TO coursevideo_migration;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO coursevideo;

-- Rows, sequences and functions of every table the migrations create from now on ...
ALTER DEFAULT PRIVILEGES FOR ROLE coursevideo_migration IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO coursevideo;
ALTER DEFAULT PRIVILEGES FOR ROLE coursevideo_migration IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO coursevideo;
ALTER DEFAULT PRIVILEGES FOR ROLE coursevideo_migration IN SCHEMA public
    GRANT EXECUTE ON FUNCTIONS TO coursevideo;

-- ... and of those that exist already (a database migrated before the roles were split: make
-- coursevideo_migration the owner of its tables first, ALTER TABLE ... OWNER TO).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO coursevideo;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO coursevideo;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO coursevideo;
