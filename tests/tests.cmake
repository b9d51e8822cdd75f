# tests are registered here
