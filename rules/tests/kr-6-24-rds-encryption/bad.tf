# krewlint-expect: KR-6-24-RDS-ENCRYPTION
resource "aws_db_instance" "plain" {
  engine = "postgres"
}

resource "aws_rds_cluster" "off" {
  engine            = "aurora-mysql"
  storage_encrypted = false # krewlint-expect: KR-6-24-RDS-ENCRYPTION
}
