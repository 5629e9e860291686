// The donor of the precompiled headers shared by the test executables (landscape_shared_pch in
// cmake/LandscapeTest.cmake): it compiles nothing of its own.
