package org.shop.web

import org.shop.order.*
import kotlinx.coroutines.launch

class Controller
