#ifndef LOG_H
#define LOG_H
void log_line(const char *s);
#endif
