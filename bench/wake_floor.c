/* The wake-up cost of this machine without Python: a bare 100 Hz nanosleep loop in C.
 *
 * idle_cpu.py's node must wake 100 times per second (its timer); this loop only wakes that often and
 * prints its thread's CPU (precise, /proc/thread-self/schedstat) per wake-up and as % of one core.
 * build and run:  cc -O2 -o /tmp/wake_floor bench/wake_floor.c && /tmp/wake_floor [WAKES] [PERIOD_US]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long thread_ns(void) {
  long long ns = 0;
  FILE* f = fopen("/proc/thread-self/schedstat", "r");
  if (f == NULL || fscanf(f, "%lld", &ns) != 1) {
    fprintf(stderr, "wake_floor: cannot read /proc/thread-self/schedstat\n");
    exit(1);
  }
  fclose(f);
  return ns;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
  const int wakes = argc > 1 ? atoi(argv[1]) : 1000;
  const long period_us = argc > 2 ? atol(argv[2]) : 10000;
  if (wakes <= 0 || period_us <= 0 || period_us >= 1000000) {
    fprintf(stderr, "usage: wake_floor [WAKES > 0] [PERIOD_US in 1..999999]\n");
    return 2;
  }
  const struct timespec period = {0, period_us * 1000};
  const long long c0 = thread_ns();
  const double t0 = now_s();
  for (int i = 0; i < wakes; ++i) nanosleep(&period, NULL);
  const double wall = now_s() - t0;
  const long long cpu = thread_ns() - c0;
  printf("{\"role\": \"wake_floor_c\", \"wakes\": %d, \"period_us\": %ld, \"cpu_us_per_wake\": %.1f, \"cpu_percent\": %.2f}\n",
         wakes, period_us, (double)cpu / 1e3 / wakes, 100.0 * (double)cpu / 1e9 / wall);
  return 0;
}
