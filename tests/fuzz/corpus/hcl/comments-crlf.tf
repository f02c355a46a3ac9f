# hash
// slash
/* block
 comment */
resource "a" "b" {
  x = 1 # trailing
}
