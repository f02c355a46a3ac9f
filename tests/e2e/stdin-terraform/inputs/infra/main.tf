# The saved file; standard input (the editor's buffer) replaces it.
resource "aws_db_instance" "main" {
  backup_retention_period = 30
}
