resource "aws_db_instance" "db" {
  backup_retention_period = 3
  storage_encrypted = true
  engine = "postgres"
  port = 5432.5
  tags = { Name = "db", "quoted key" = 1 }
  list = [1, "two", null, false]
}
