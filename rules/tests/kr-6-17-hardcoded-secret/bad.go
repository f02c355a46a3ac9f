package db

import "database/sql"

const dbPassword = "Tr0ub4dor&3x" // krewlint-expect: KR-6-17-HARDCODED-SECRET

type Config struct{ User, Password string }

var cfg = Config{User: "app", Password: "N7q!zR2#wK9m"} // krewlint-expect: KR-6-17-HARDCODED-SECRET

func Open() (*sql.DB, error) {
	apiToken := "q8Zr2LmX0vT7pW1kB4nC6yD9" // krewlint-expect: KR-6-17-HARDCODED-SECRET
	cfg.Password = `Vb3Kx9Qm2Rt7Yw1Zp5Ld` // krewlint-expect: KR-6-17-HARDCODED-SECRET
	_ = apiToken
	return sql.Open("postgres", "")
}
