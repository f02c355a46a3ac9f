resource "a" "ÿþ" {
  x = "Ã("
  â‚ = 1
}
resource "aws_db_instance" "ÿ" { backup_retention_period = "Ã(" }
