resource "aws_db_instance" "db" {
  a = "unterminated
  b = [1, 2
  c = {
