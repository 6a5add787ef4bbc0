// lapkin serve: the little JavaScript the page needs. Uploads send the file's
// bytes with the page's token; the page reloads when the server's state
// changes (a file saved, a rebuild, an upload checked).
(function () {
  "use strict";
  var meta = function (n) {
    var m = document.querySelector('meta[name="' + n + '"]');
    return m ? m.getAttribute("content") : "";
  };
  var token = meta("lapkin-token");
  var versi = meta("lapkin-versi");
  var proses = document.getElementById("proses");

  function tampil(teks) {
    if (!proses) return;
    proses.hidden = false;
    proses.textContent = teks;
  }

  function kirim(jalur, berkas) {
    tampil("Mengirim dan memeriksa " + berkas.name + "…");
    return fetch(jalur + "?nama=" + encodeURIComponent(berkas.name), {
      method: "POST",
      headers: { "X-Lapkin-Token": token },
      body: berkas
    }).then(function () {
      location.reload();
    }, function (e) {
      tampil("Gagal mengirim " + berkas.name + ": " + e);
    });
  }

  function unggah(berkas, nama) {
    // Upload under the name of the input it replaces.
    var f = nama ? new File([berkas], nama, { type: berkas.type }) : berkas;
    return kirim("/unggah", f);
  }

  document.querySelectorAll("input.ganti").forEach(function (i) {
    i.addEventListener("change", function () {
      if (i.files.length) unggah(i.files[0], i.getAttribute("data-nama"));
    });
  });
  var pilih = document.getElementById("pilih");
  if (pilih) {
    pilih.addEventListener("change", function () {
      if (pilih.files.length) unggah(pilih.files[0], null);
    });
  }
  var seret = document.getElementById("seret");
  if (seret) {
    ["dragenter", "dragover"].forEach(function (n) {
      seret.addEventListener(n, function (e) {
        e.preventDefault();
        seret.classList.add("aktif");
      });
    });
    ["dragleave", "drop"].forEach(function (n) {
      seret.addEventListener(n, function () {
        seret.classList.remove("aktif");
      });
    });
    seret.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer.files.length) unggah(e.dataTransfer.files[0], null);
    });
  }
  var ttd = document.getElementById("pdf-ttd");
  if (ttd) {
    ttd.addEventListener("change", function () {
      if (ttd.files.length) {
        tampil("Memeriksa " + ttd.files[0].name + "…");
        kirim("/verifikasi", ttd.files[0]);
      }
    });
  }
  var arsipkan = document.getElementById("arsipkan");
  if (arsipkan) {
    arsipkan.addEventListener("click", function () {
      arsipkan.disabled = true;
      arsipkan.textContent = "Mengarsipkan…";
      fetch("/arsipkan", { method: "POST", headers: { "X-Lapkin-Token": token } })
        .then(function () { location.reload(); });
    });
  }

  // Reload when the state changed (a rebuild after a save on disk).
  setInterval(function () {
    fetch("/keadaan", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (k) {
        if (String(k.versi) !== versi) location.reload();
      })
      .catch(function () {});
  }, 1000);
})();
