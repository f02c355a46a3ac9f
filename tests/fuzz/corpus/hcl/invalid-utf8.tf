resource "a" "ÿþ" {
  x = "Ã("
  â‚ = 1
}
