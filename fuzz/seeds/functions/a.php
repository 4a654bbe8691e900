
<html><?php if ($x) { ?> it's <b>html</b> <?php } ?>
<?php
namespace App;
class User {
    public function name(string $a, ?int $b = null): ?string {
        $s = <<<EOT
        function fake() { {
        EOT;
        return $a ?? ($b ? "x" : 'y');
    }
    private static function &ref($x) { foreach ($x as $y) { if ($y && $x) {} } }
}
$f = function ($a) use ($b) { return $a ?: $b; };
