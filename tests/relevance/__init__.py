"""The judged Danish query set, its evaluator and the plain baseline it is compared with."""
