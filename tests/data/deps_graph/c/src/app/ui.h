#ifndef UI_H
#define UI_H
void ui_show(void);
#endif
