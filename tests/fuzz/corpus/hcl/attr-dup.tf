resource "a" "b" {
  x = 1
  x = 2
}
resource "a" "b" { y = 1 }
