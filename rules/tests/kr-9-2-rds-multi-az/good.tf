resource "aws_db_instance" "db" {
  engine   = "postgres"
  multi_az = true
}
