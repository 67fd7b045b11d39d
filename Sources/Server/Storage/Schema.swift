/// The store's schema as versioned migrations. Append new versions; never edit old ones.
public enum Schema {
    /// All migrations, oldest first.
    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "projects, workflows, executions",
            sql: """
                CREATE TABLE projects (
                    id          TEXT PRIMARY KEY NOT NULL,
                    name        TEXT NOT NULL,
                    description TEXT,
                    created_at  INTEGER NOT NULL,
                    updated_at  INTEGER NOT NULL
                );
                CREATE TABLE workflows (
                    id         TEXT PRIMARY KEY NOT NULL,
                    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                    name       TEXT NOT NULL,
                    steps      TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX workflows_by_project ON workflows(project_id, created_at);
                CREATE TABLE executions (
                    id             TEXT PRIMARY KEY NOT NULL,
                    workflow_id    TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
                    status         TEXT NOT NULL
                        CHECK (status IN ('pending','running','completed','failed','cancelled')),
                    progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
                    current_step   TEXT,
                    steps_executed INTEGER NOT NULL DEFAULT 0,
                    total_steps    INTEGER NOT NULL,
                    result         TEXT,
                    error          TEXT,
                    input          TEXT,
                    created_at     INTEGER NOT NULL,
                    started_at     INTEGER,
                    finished_at    INTEGER
                );
                CREATE INDEX executions_by_workflow ON executions(workflow_id, created_at);
                CREATE INDEX executions_by_status ON executions(status);
                """)
    ]
}
