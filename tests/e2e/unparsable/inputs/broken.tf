resource "aws_db_instance" "db" {
  engine = "postgres"
  backup_retention_period = 
}
