el.innerHTML = "<br>";
