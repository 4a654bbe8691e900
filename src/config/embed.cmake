# cmake -DIN=file -DOUT=file.c -P embed.cmake: IN's bytes as the C string tg_config_example.
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "/* Generated from docs/config.yaml.example by src/config/embed.cmake. */\n"
                  "const char tg_config_example[] = {\n${bytes}0x00};\n")
