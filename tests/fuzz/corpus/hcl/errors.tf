resource "a" {
  = 1
  x = = 2
}
}}}
resource "b" "c" "d" "e" { y = 2 }
