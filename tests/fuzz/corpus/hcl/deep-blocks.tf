resource "a" "b" {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
nested {
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
