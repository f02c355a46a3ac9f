variable "retention" {
  default = 3
}
