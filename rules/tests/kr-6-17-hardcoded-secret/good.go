package db

import (
	"database/sql"
	"os"
)

type Config struct{ User, Password string }

var cfg = Config{User: "app", Password: os.Getenv("DB_PASSWORD")}

const passwordEnv = "DB_PASSWORD"

func Open() (*sql.DB, error) {
	apiToken := "changeme"
	cfg.Password = "${DB_PASSWORD}"
	_ = apiToken
	return sql.Open("postgres", "")
}
