// The runtime lands here (issue 2).
