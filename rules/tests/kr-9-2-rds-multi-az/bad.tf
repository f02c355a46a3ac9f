# krewlint-expect: KR-9-2-RDS-MULTI-AZ
resource "aws_db_instance" "db" {
  engine = "postgres"
}

resource "aws_db_instance" "single" {
  engine   = "mysql"
  multi_az = false # krewlint-expect: KR-9-2-RDS-MULTI-AZ
}
